import { useCallback, useEffect, useState } from "react";
import { Button, Space, Typography } from "antd";
import { useNavigate } from "react-router-dom";
import type { TradeRecord } from "../../bindings/TradeRecord";
import { call } from "../../ipc/call";
import { handleError } from "../../ipc/errors";
import { useI18n } from "../../i18n";
import { MicropayCard } from "./MicropayCard";
import { QrOrderCard } from "./QrOrderCard";
import { TradeStateTag } from "../../components/TradeStateTag";
import { MerchantPicker } from "../../components/MerchantPicker";
import { useChosenMerchant } from "../../hooks/useChosenMerchant";
import { RecordsCard, createdColumn, fenColumn } from "../../components/RecordsCard";
import { Word } from "../../components/Word";

/** Test order (测试下单): QR order and payment-code charge for one merchant, and the orders made here. */
export function TradePage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [huifuId, setMerchant] = useChosenMerchant();
  const [trades, setTrades] = useState<TradeRecord[]>([]);

  const reload = useCallback(async () => {
    try {
      setTrades(await call("trade_list", { limit: 20 }));
    } catch (e) {
      handleError(e, { t });
    }
  }, [t]);
  useEffect(() => {
    void reload();
  }, [reload]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }} id="test-order-page">
      <Space>
        <Typography.Text>{t("testOrder.merchant")}</Typography.Text>
        <MerchantPicker id="order-huifu" value={huifuId} onChange={setMerchant} />
      </Space>
      <QrOrderCard huifuId={huifuId} onChanged={reload} />
      <MicropayCard huifuId={huifuId} onChanged={reload} />
      <RecordsCard<TradeRecord>
        title={t("testOrder.recent")}
        id="order-recent"
        rows={trades}
        columns={[
          { title: t("testOrder.col.seq"), dataIndex: "reqSeqId" },
          { title: t("testOrder.merchant"), dataIndex: "huifuId" },
          { title: t("testOrder.col.kind"), dataIndex: "tradeType", render: (v: string) => <Word v="tradeType" code={v} /> },
          fenColumn(t("testOrder.col.amount")),
          { title: t("testOrder.state"), dataIndex: "state", render: (_: unknown, r) => <TradeStateTag state={r.state} raw={r.transStat} /> },
          createdColumn(t("testOrder.col.created")),
          {
            title: "",
            key: "refund",
            render: (_: unknown, r) =>
              r.state === "success" && (
                <Button size="small" className="order-to-refund" onClick={() => navigate(`/refund?huifuId=${r.huifuId}&reqSeqId=${r.reqSeqId}`)}>
                  {t("testOrder.toRefund")}
                </Button>
              ),
          },
        ]}
      />
    </Space>
  );
}
