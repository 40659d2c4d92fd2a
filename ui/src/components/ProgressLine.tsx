import { Progress, Typography } from "antd";
import type { ProgressEvent } from "../bindings/ProgressEvent";

/** The percent a progress event stands for (null while the total is unknown). */
export function percentOf(p: ProgressEvent | null): number | null {
  if (!p?.total) return null;
  return Math.min(100, Math.floor((p.done * 100) / p.total));
}

/** One progress bar fed by a command's Channel (download bytes, import rows, batch refunds). */
export function ProgressLine({ id, label, event }: { id: string; label: string; event: ProgressEvent | null }) {
  if (!event) return null;
  const pct = percentOf(event);
  return (
    <div id={id} data-percent={pct ?? ""} data-done={String(event.done)} data-step={event.step}>
      <Typography.Text type="secondary">
        {label} · {event.message}
      </Typography.Text>
      <Progress percent={pct ?? 0} status={pct === 100 ? "success" : "active"} showInfo={pct !== null} />
    </div>
  );
}
