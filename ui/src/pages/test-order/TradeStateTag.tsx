import { Tag } from "antd";
import type { TradeState } from "../../bindings/TradeState";
import { useI18n, type MessageKey } from "../../i18n";

const COLOR: Record<TradeState, string> = { pending: "processing", success: "success", failed: "error", closed: "default", unknown: "warning" };

/** An order's normalised state as a coloured tag (shared by the order, refund and acquiring pages). */
export function TradeStateTag({ state, id, raw }: { state: TradeState; id?: string; raw?: string }) {
  const { t } = useI18n();
  return (
    <Tag id={id} data-state={state} color={COLOR[state]}>
      {t(`testOrder.trade.${state}` as MessageKey)}
      {raw ? ` (${raw})` : ""}
    </Tag>
  );
}
