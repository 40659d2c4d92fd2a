import { Spin, Tag, Tooltip } from "antd";
import { useI18n } from "../i18n";
import { useStartupStatus } from "../state/startup";

/**
 * The start-up reconcile in the header: while it runs, how many open writes it is settling; afterwards,
 * how many writes still have an open outcome (nothing when none). Details in the tooltip.
 */
export function StartupBadge() {
  const { t } = useI18n();
  const s = useStartupStatus();
  if (!s) return null;
  const detail = t("header.startup.detail", { checked: s.checked, settled: s.settled, failed: s.failed, open: s.stillOpen });
  if (s.phase === "running") {
    return (
      <span id="startup-status" data-phase={s.phase} data-open={s.openWrites}>
        <Spin size="small" /> {t("header.startup.running", { checked: s.checked, total: s.total })}
      </span>
    );
  }
  if (s.phase === "failed") {
    return (
      <Tooltip title={s.message}>
        <Tag color="red" id="startup-status" data-phase={s.phase} data-open={s.openWrites}>
          {t("header.startup.failed", { count: s.openWrites })}
        </Tag>
      </Tooltip>
    );
  }
  if (s.openWrites === 0) return <span id="startup-status" data-phase={s.phase} data-open={0} />;
  return (
    <Tooltip title={s.phase === "done" ? detail : t("header.startup.waiting")}>
      <Tag color="orange" id="startup-status" data-phase={s.phase} data-open={s.openWrites}>
        {t("header.startup.open", { count: s.openWrites })}
      </Tag>
    </Tooltip>
  );
}
