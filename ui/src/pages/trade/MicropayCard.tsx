import { useCallback, useEffect, useState } from "react";
import { Button, Card, Form, Input, Select, Space } from "antd";
import type { PayCodeForm } from "../../bindings/PayCodeForm";
import type { TradeRecord } from "../../bindings/TradeRecord";
import { call } from "../../ipc/call";
import { useWriteGuard } from "../../ipc/writeGuard";
import { useI18n } from "../../i18n";
import { yuanRule } from "../../money/rule";
import { yuanToFen } from "../../money/yuan";
import { useActiveProfile } from "../../state/profile";
import { TradeResult } from "./TradeResult";
import { useStep } from "../../ipc/useStep";

/** The form: the command's own fields, the amount as the yuan text typed (the command takes fen). */
type PayCodeFormValues = Pick<PayCodeForm, "authCode" | "goodsDesc"> & { amount: string };

/** Reverse scan: charge a payment code typed (or typed by a barcode scanner, which is a keyboard). */
export function MicropayCard({ huifuId, onChanged }: { huifuId: string; onChanged: () => void }) {
  const { t } = useI18n();
  const guard = useWriteGuard();
  const profile = useActiveProfile();
  const [form] = Form.useForm<PayCodeFormValues>();
  const [reqSeqId, setReqSeqId] = useState<string | null>(null);
  const [trade, setTrade] = useState<TradeRecord | null>(null);
  const [channel, setChannel] = useState("alipay");
  const { busy, step: run } = useStep(form);
  const isSandbox = profile?.environment === "sandbox" && profile.name === "sandbox";

  const fresh = useCallback(async () => setReqSeqId(await call("trade_new_req_seq_id")), []);
  useEffect(() => {
    void fresh();
  }, [fresh]);

  const charge = () =>
    run("charge", async () => {
      const v = await form.validateFields();
      if (!reqSeqId || !(await guard(t("testOrder.chargeWrite")))) return;
      const r = await call("trade_pay_code", { reqSeqId, huifuId, authCode: v.authCode.trim(), amountFen: yuanToFen(v.amount, "amount"), goodsDesc: v.goodsDesc, split: [] });
      setTrade(r);
      onChanged();
      if (r.state !== "pending") await fresh(); // final: the next charge is a new trade
    });
  const query = () =>
    run("query", async () => {
      const r = await call("trade_query", { huifuId: trade!.huifuId, reqSeqId: trade!.reqSeqId, reqDate: trade!.reqDate });
      setTrade(r);
      onChanged();
      if (r.state !== "pending") await fresh();
    });
  const sandboxCode = () => run("code", async () => form.setFieldsValue({ authCode: await call("trade_sandbox_paycode", { channel }) }));

  return (
    <Card title={t("testOrder.micropay.title")} size="small" id="order-micropay-card">
      <Form form={form} layout="inline" initialValues={{ amount: "0.01", goodsDesc: "Paydesk 付款码测试" }}>
        <Form.Item name="authCode" label={t("testOrder.authCode")} rules={[{ required: true, pattern: /^\s*\d{16,24}\s*$/, message: t("testOrder.authCodeHint") }]}>
          <Input id="paycode-input" style={{ width: 220 }} autoComplete="off" />
        </Form.Item>
        {isSandbox && (
          <Space.Compact>
            <Select id="paycode-channel" value={channel} onChange={setChannel} style={{ width: 100 }} options={["alipay", "wx", "unionpay"].map((c) => ({ value: c, label: c }))} />
            <Button id="paycode-sandbox" onClick={sandboxCode} loading={busy === "code"}>{t("testOrder.sandboxCode")}</Button>
          </Space.Compact>
        )}
        <Form.Item name="amount" label={t("testOrder.amount")} rules={[yuanRule(t, "amount")]}>
          <Input id="paycode-amount" style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="goodsDesc" label={t("testOrder.goods")} rules={[{ required: true, message: t("common.required") }]}>
          <Input id="paycode-goods" style={{ width: 160 }} />
        </Form.Item>
        <Button id="paycode-submit" type="primary" onClick={charge} loading={busy === "charge"} disabled={!reqSeqId || !huifuId}>
          {t("testOrder.charge")}
        </Button>
      </Form>
      {trade && (
        <div style={{ marginTop: 12 }}>
          <TradeResult id="paycode" trade={trade} column={2}
            stateExtra={<Button size="small" id="paycode-query" onClick={query} loading={busy === "query"} style={{ marginLeft: 8 }}>{t("testOrder.query")}</Button>} />
        </div>
      )}
    </Card>
  );
}
