import { Alert } from "antd";
import { useI18n } from "../i18n";

/** A page whose desk service is not on main yet: says so plainly instead of pretending. */
export function PendingPage({ what }: { what: string }) {
  const { t } = useI18n();
  return <Alert type="warning" showIcon data-testid="page-pending" title={t("page.pending", { what })} />;
}
