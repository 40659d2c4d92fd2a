import { App } from "antd";
import { useCallback } from "react";
import type { Profile } from "../bindings/Profile";
import { useI18n } from "../i18n";

/** Before making `p` the active profile: when desk counts it as production, ask (a switch to production
 * is never one click). Returns false when the person said no. */
export function useSwitchGuard(): (p: Profile) => Promise<boolean> {
  const { t } = useI18n();
  const { modal } = App.useApp();
  return useCallback(
    async (p: Profile) => {
      if (!p.production) return true;
      return modal.confirm({
        title: t("prod.switchTitle"),
        content: t("prod.switchBody", { name: p.name, url: p.baseUrl }),
        okText: t("prod.switchOk"),
        okButtonProps: { danger: true, id: "prod-switch-ok" },
        cancelButtonProps: { id: "prod-switch-cancel" },
        cancelText: t("common.cancel"),
      });
    },
    [modal, t],
  );
}
