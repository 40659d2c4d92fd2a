import { App } from "antd";
import { useCallback } from "react";
import type { Profile } from "../../bindings/Profile";
import { call } from "../../ipc/call";
import { useI18n } from "../../i18n";

/**
 * Like useWriteGuard, for a change to a given profile (its keys, its deletion) rather than the active one:
 * on a production profile it asks with the same dialog, and on "yes" tells the shell, which refuses the
 * change without that fresh confirmation. Elsewhere it returns true at once.
 */
export function useProfileGuard(): (p: Profile, what: string) => Promise<boolean> {
  const { t } = useI18n();
  const { modal } = App.useApp();
  return useCallback(
    async (p: Profile, what: string) => {
      if (!p.production) return true;
      const yes = await modal.confirm({
        title: t("prod.confirmTitle"),
        content: t("prod.confirmBody", { what, name: p.name, url: p.baseUrl }),
        okText: t("prod.confirmOk"),
        okButtonProps: { danger: true, id: "prod-confirm-ok" },
        cancelButtonProps: { id: "prod-confirm-cancel" },
        cancelText: t("common.cancel"),
      });
      if (!yes) return false;
      await call("profile_confirm_prod_write", { name: p.name });
      return true;
    },
    [modal, t],
  );
}
