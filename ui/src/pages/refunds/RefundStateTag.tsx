import { Tag } from "antd";
import type { RefundState } from "../../bindings/RefundState";
import { useWords } from "../../hooks/useWords";

const COLOR: Record<RefundState, string> = { prepared: "default", pending: "processing", success: "success", failed: "error", unknown: "warning" };

export function RefundStateTag({ state, id }: { state: RefundState; id?: string }) {
  const w = useWords();
  return (
    <Tag id={id} data-state={state} color={COLOR[state]}>
      {w("refundState", state)}
    </Tag>
  );
}
