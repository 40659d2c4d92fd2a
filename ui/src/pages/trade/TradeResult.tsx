import type { ReactNode } from "react";
import { Descriptions, Typography } from "antd";
import type { TradeRecord } from "../../bindings/TradeRecord";
import { useI18n } from "../../i18n";
import { fenToYuan } from "../../money/yuan";
import { TradeStateTag } from "../../components/TradeStateTag";

/**
 * A test trade as the page knows it: `#<id>-detail` (its ids as data attributes) with the state tag
 * `#<id>-state` (and `stateExtra` beside it), both ids, the amount and Huifu's message. Shared by the QR
 * order and the payment-code charge.
 */
export function TradeResult({ id, trade, stateExtra, column = 1 }: { id: string; trade: TradeRecord; stateExtra?: ReactNode; column?: number }) {
  const { t } = useI18n();
  return (
    <div id={`${id}-detail`} data-req-seq-id={trade.reqSeqId} data-hf-seq-id={trade.hfSeqId ?? ""} data-huifu-id={trade.huifuId}>
      <Descriptions size="small" column={column} bordered>
        <Descriptions.Item label={t("testOrder.state")}>
          <TradeStateTag id={`${id}-state`} state={trade.state} raw={trade.transStat} />
          {stateExtra}
        </Descriptions.Item>
        <Descriptions.Item label="req_seq_id"><Typography.Text copyable>{trade.reqSeqId}</Typography.Text></Descriptions.Item>
        <Descriptions.Item label="hf_seq_id"><Typography.Text copyable>{trade.hfSeqId ?? "—"}</Typography.Text></Descriptions.Item>
        <Descriptions.Item label={t("testOrder.amount")}>{fenToYuan(trade.amountFen)}</Descriptions.Item>
        {trade.message && <Descriptions.Item label="message" span={column}>{trade.message}</Descriptions.Item>}
      </Descriptions>
    </div>
  );
}
