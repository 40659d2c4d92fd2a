import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Card, Form, Input, Select, Space, Typography } from "antd";
import type { QrOrderForm } from "../../bindings/QrOrderForm";
import type { CloseRecord } from "../../bindings/CloseRecord";
import type { QrOrder } from "../../bindings/QrOrder";
import type { TradeRecord } from "../../bindings/TradeRecord";
import { call } from "../../ipc/call";
import { useWriteGuard } from "../../ipc/writeGuard";
import { useI18n } from "../../i18n";
import { yuanRule } from "../../money/rule";
import { yuanToFen } from "../../money/yuan";
import { useActiveProfile } from "../../state/profile";
import { TradeResult } from "./TradeResult";
import { useStep } from "../../ipc/useStep";
import { useWords } from "../../hooks/useWords";

const QR_TYPES = ["A_NATIVE", "T_NATIVE", "U_NATIVE", "D_NATIVE"];

/** The form: the command's own fields, the amount as the yuan text typed (the command takes fen). */
type QrForm = Pick<QrOrderForm, "tradeType" | "goodsDesc"> & { amount: string };

/** A 0.01 QR order: the QR shown as an image, then query / close / (sandbox) pay it. */
export function QrOrderCard({ huifuId, onChanged }: { huifuId: string; onChanged: () => void }) {
  const { t } = useI18n();
  const w = useWords();
  const guard = useWriteGuard();
  const profile = useActiveProfile();
  const [form] = Form.useForm<QrForm>();
  const [reqSeqId, setReqSeqId] = useState<string | null>(null);
  const [order, setOrder] = useState<QrOrder | null>(null);
  const [trade, setTrade] = useState<TradeRecord | null>(null);
  const [close, setClose] = useState<CloseRecord | null>(null);
  const [closeSeq, setCloseSeq] = useState<string | null>(null);
  const { busy, step } = useStep(form);
  const isSandbox = profile?.environment === "sandbox" && profile.name === "sandbox";

  const fresh = useCallback(async () => {
    setReqSeqId(await call("trade_new_req_seq_id"));
    setCloseSeq(await call("trade_new_req_seq_id"));
  }, []);
  useEffect(() => {
    void fresh();
  }, [fresh]);

  const create = () =>
    step("create", async () => {
      const v = await form.validateFields();
      if (!reqSeqId || !(await guard(t("testOrder.write")))) return;
      const amountFen = yuanToFen(v.amount, "amount");
      const o = await call("trade_create_qr", { reqSeqId, huifuId, tradeType: v.tradeType, amountFen, goodsDesc: v.goodsDesc, split: [] });
      setOrder(o);
      setTrade(o.trade);
      setClose(null);
      onChanged();
    });

  const ref = () => ({ huifuId: trade!.huifuId, reqSeqId: trade!.reqSeqId, reqDate: trade!.reqDate, hfSeqId: trade!.hfSeqId });
  const query = () =>
    step("query", async () => {
      setTrade(await call("trade_query", ref()));
      onChanged();
    });
  const doClose = () =>
    step("close", async () => {
      if (!closeSeq || !(await guard(t("testOrder.closeWrite")))) return;
      setClose(await call("trade_close", { reqSeqId: closeSeq, trade: ref() }));
      setTrade(await call("trade_query", ref()));
      onChanged();
    });
  const sandboxPay = () =>
    step("pay", async () => {
      await call("trade_sandbox_pay", { reqSeqId: trade!.reqSeqId });
      setTrade(await call("trade_query", ref()));
      onChanged();
    });
  const again = () => {
    setOrder(null);
    setTrade(null);
    setClose(null);
    void fresh();
  };

  return (
    <Card title={t("testOrder.qr.title")} size="small" id="order-qr-card">
      <Form form={form} layout="inline" initialValues={{ tradeType: "A_NATIVE", amount: "0.01", goodsDesc: "Paydesk 测试订单" }} disabled={!!trade}>
        <Form.Item name="tradeType" label={t("testOrder.tradeType")}>
          <Select id="order-trade-type" style={{ width: 160 }} options={QR_TYPES.map((x) => ({ value: x, label: w("tradeType", x) }))} />
        </Form.Item>
        <Form.Item name="amount" label={t("testOrder.amount")} rules={[yuanRule(t, "amount")]}>
          <Input id="order-amount" style={{ width: 110 }} />
        </Form.Item>
        <Form.Item name="goodsDesc" label={t("testOrder.goods")} rules={[{ required: true, message: t("common.required") }]}>
          <Input id="order-goods" style={{ width: 180 }} />
        </Form.Item>
        <Button id="order-create" type="primary" onClick={create} loading={busy === "create"} disabled={!reqSeqId || !huifuId || !!trade}>
          {t("testOrder.create")}
        </Button>
      </Form>
      {trade && (
        <Space align="start" size="large" style={{ marginTop: 16 }}>
          {order?.qr ? (
            <img id="order-qr-img" src={`data:image/png;base64,${order.qr.pngBase64}`} alt={t("testOrder.qrAlt")} width={200} height={200} data-content={order.qr.content} />
          ) : (
            <Alert type="warning" title={t("testOrder.noQr")} />
          )}
          <div>
            <TradeResult id="order" trade={trade}
              stateExtra={close && <Typography.Text id="order-close-state" data-state={close.state}>{t("testOrder.closeState", { state: close.state })}</Typography.Text>} />
            <Space style={{ marginTop: 12 }} wrap>
              <Button id="order-query" onClick={query} loading={busy === "query"}>{t("testOrder.query")}</Button>
              <Button id="order-close" onClick={doClose} loading={busy === "close"} disabled={trade.state !== "pending"}>{t("testOrder.close")}</Button>
              {isSandbox && (
                <Button id="order-sandbox-pay" type="primary" onClick={sandboxPay} loading={busy === "pay"} disabled={trade.state !== "pending"}>
                  {t("testOrder.sandboxPay")}
                </Button>
              )}
              <Button id="order-new" onClick={again}>{t("testOrder.newOrder")}</Button>
            </Space>
          </div>
        </Space>
      )}
    </Card>
  );
}
