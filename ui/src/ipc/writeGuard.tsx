import { App } from "antd";
import { useCallback } from "react";
import { useI18n } from "../i18n";
import { useActiveProfile } from "../state/profile";
import { call } from "./call";

/**
 * Every page that writes calls `await guard(what)` first. On a production profile (by label or by host) it asks the person, and
 * only on "yes" tells the shell (which refuses a prod write without that fresh confirmation); elsewhere it
 * returns true at once. Returns false when the person said no: send nothing.
 */
export function useWriteGuard(): (what: string) => Promise<boolean> {
  const { t } = useI18n();
  const profile = useActiveProfile();
  const { modal } = App.useApp();
  return useCallback(
    async (what: string) => {
      // `production` is desk's verdict: the prod label, or a production host whatever the label.
      if (!profile || !profile.production) return true;
      const yes = await modal.confirm({
        title: t("prod.confirmTitle"),
        content: t("prod.confirmBody", { what, name: profile.name, url: profile.baseUrl }),
        okText: t("prod.confirmOk"),
        okButtonProps: { danger: true, id: "prod-confirm-ok" },
        cancelText: t("common.cancel"),
      });
      if (!yes) return false;
      await call("profile_confirm_prod_write", { name: profile.name });
      return true;
    },
    [profile, modal, t],
  );
}
