import { Tag } from "antd";
import type { RefundState } from "../bindings/RefundState";
import { useWords } from "../hooks/useWords";

const COLOR: Record<RefundState, string> = { prepared: "default", pending: "processing", success: "success", failed: "error", unknown: "warning" };

/** A refund's state, on any acquirer, in the one refund vocabulary (refundState). The acquirer's own
 * status code, when there is one, is in `data-raw` and the tooltip. */
export function RefundStateTag({ state, id, raw }: { state: RefundState; id?: string; raw?: string }) {
  const w = useWords();
  return (
    <Tag id={id} data-state={state} data-raw={raw ?? ""} title={raw || undefined} color={COLOR[state]}>
      {w("refundState", state)}
    </Tag>
  );
}
