import { Tag } from "antd";
import type { TradeState } from "../bindings/TradeState";
import { useWords } from "../hooks/useWords";

const COLOR: Record<TradeState, string> = { pending: "processing", success: "success", failed: "error", closed: "default", hold: "purple", unknown: "warning" };

/** An order's normalised state as a coloured tag in words (shared by the order, balance and acquiring pages; refunds have RefundStateTag).
 * Huifu's own status code stays out of the text: it is in `data-raw` and the tooltip. */
export function TradeStateTag({ state, id, raw }: { state: TradeState; id?: string; raw?: string }) {
  const w = useWords();
  return (
    <Tag id={id} data-state={state} data-raw={raw ?? ""} title={raw ? `trans_stat ${raw}` : undefined} color={COLOR[state]}>
      {w("tradeState", state)}
    </Tag>
  );
}
