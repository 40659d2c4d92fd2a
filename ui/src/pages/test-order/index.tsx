import { useCallback, useEffect, useState } from "react";
import { Button, Card, Space, Table, Typography } from "antd";
import { useNavigate } from "react-router-dom";
import type { TradeRecord } from "../../bindings/TradeRecord";
import { call } from "../../ipc/call";
import { handleError } from "../../ipc/errors";
import { useI18n } from "../../i18n";
import { fenToYuan } from "../../money/yuan";
import { MicropayCard } from "./MicropayCard";
import { QrOrderCard } from "./QrOrderCard";
import { TradeStateTag } from "../../components/TradeStateTag";
import { MerchantPicker } from "../../components/MerchantPicker";
import { useChosenMerchant } from "../../hooks/useChosenMerchant";
import { BeijingTime, TimeTitle } from "../../components/BeijingTime";
import { Word } from "../../components/Word";

/** Test order (测试下单): QR order and payment-code charge for one merchant, and the orders made here. */
export function TestOrderPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [huifuId, setMerchant] = useChosenMerchant();
  const [trades, setTrades] = useState<TradeRecord[]>([]);

  const reload = useCallback(async () => {
    try {
      setTrades(await call("order_list", { limit: 20 }));
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
      <Card title={t("testOrder.recent")} size="small">
        <Table<TradeRecord>
          id="order-recent"
          size="small"
          rowKey="reqSeqId"
          dataSource={trades}
          pagination={{ pageSize: 10 }}
          columns={[
            { title: t("testOrder.col.seq"), dataIndex: "reqSeqId" },
            { title: t("testOrder.merchant"), dataIndex: "huifuId" },
            { title: t("testOrder.col.kind"), dataIndex: "tradeType", render: (v: string) => <Word v="tradeType" code={v} /> },
            { title: t("testOrder.col.amount"), dataIndex: "amountFen", align: "right", render: (v: number) => fenToYuan(v) },
            { title: t("testOrder.state"), dataIndex: "state", render: (_: unknown, r) => <TradeStateTag state={r.state} raw={r.transStat} /> },
            { title: <TimeTitle label={t("testOrder.col.created")} />, dataIndex: "createdAt", render: (v: string) => <BeijingTime at={v} bare /> },
            {
              title: "",
              key: "refund",
              render: (_: unknown, r) =>
                r.state === "success" && (
                  <Button size="small" className="order-to-refund" onClick={() => navigate(`/refunds?huifuId=${r.huifuId}&reqSeqId=${r.reqSeqId}`)}>
                    {t("testOrder.toRefund")}
                  </Button>
                ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
