import { Tag } from "antd";
import type { RefundState } from "../../bindings/RefundState";
import { useI18n, type MessageKey } from "../../i18n";

const COLOR: Record<RefundState, string> = { prepared: "default", pending: "processing", success: "success", failed: "error", unknown: "warning" };

export function RefundStateTag({ state, id }: { state: RefundState; id?: string }) {
  const { t } = useI18n();
  return (
    <Tag id={id} data-state={state} color={COLOR[state]}>
      {t(`refunds.state.${state}` as MessageKey)}
    </Tag>
  );
}
