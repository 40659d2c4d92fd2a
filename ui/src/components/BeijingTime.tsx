import { Typography } from "antd";
import dayjs from "dayjs";
import utc from "dayjs/plugin/utc";
import { useI18n } from "../i18n";

dayjs.extend(utc);

/** `at` (RFC 3339, any offset) as Beijing wall time `YYYY-MM-DD HH:mm:ss`; "" when absent or unreadable. */
export function beijing(at: string | null | undefined): string {
  if (!at) return "";
  const d = dayjs(at);
  return d.isValid() ? d.utc().add(8, "hour").format("YYYY-MM-DD HH:mm:ss") : at;
}

/** A time a person reads: Beijing time, labelled (`bare` leaves the label to a column title). */
export function BeijingTime({ at, bare }: { at: string | null | undefined; bare?: boolean }) {
  const { t } = useI18n();
  const s = beijing(at);
  if (!s) return <span>—</span>;
  return (
    <span title={at ?? ""} className="beijing-time">
      {s}
      {!bare && <Typography.Text type="secondary" style={{ fontSize: 12 }}> {t("time.beijing")}</Typography.Text>}
    </span>
  );
}

/** A time column's title: the label and "(Beijing time)". */
export function TimeTitle({ label }: { label: string }) {
  const { t } = useI18n();
  return (
    <>
      {label} <Typography.Text type="secondary" style={{ fontWeight: "normal", fontSize: 12 }}>({t("time.beijing")})</Typography.Text>
    </>
  );
}
