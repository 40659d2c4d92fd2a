import { useEffect, useRef, useState } from "react";
import { App, Button, Descriptions, Divider, Form, Input, Space } from "antd";
import type { OrderView } from "../../bindings/OrderView";
import type { RefundView } from "../../bindings/RefundView";
import { call } from "../../ipc/call";
import { withRepeatConfirm } from "../../ipc/confirmRepeat";
import { handleError } from "../../ipc/errors";
import { useWriteGuard } from "../../ipc/writeGuard";
import { useI18n } from "../../i18n";
import { yuanRule } from "../../money/rule";
import { fenToYuan, yuanToFen } from "../../money/yuan";
import { RefundStateTag } from "../../components/RefundStateTag";

/** A refund of a paid order; its number is fixed when the box opens, so a second click is the same refund. */
export function RefundBox({ order, merchant }: { order: OrderView; merchant?: string }) {
  const { t } = useI18n();
  const guard = useWriteGuard();
  const [form] = Form.useForm<{ amount: string; reason: string }>();
  const [refundNo, setRefundNo] = useState<string | null>(null);
  const [refund, setRefund] = useState<RefundView | null>(null);
  const { modal } = App.useApp();
  const [busy, setBusy] = useState<string | null>(null);
  const lock = useRef(false);

  useEffect(() => {
    void call("acquiring_new_no").then(setRefundNo);
    form.setFieldsValue({ amount: fenToYuan(order.amountFen), reason: "" });
  }, [order.orderNo, order.amountFen, form]);

  const submit = async () => {
    if (lock.current || !refundNo) return;
    lock.current = true;
    setBusy("refund");
    try {
      const v = await form.validateFields();
      if (!(await guard(t("acquiring.refund.write")))) return;
      const amountFen = yuanToFen(v.amount, "amountFen", { maxFen: order.amountFen });
      const r = await withRepeatConfirm(modal, t, (allowRepeat) =>
        call("acquiring_refund", { refundNo, orderNo: order.orderNo, amountFen, orderAmountFen: order.amountFen, reason: v.reason || undefined, merchant, allowRepeat }),
      );
      if (r) setRefund(r);
    } catch (e) {
      handleError(e, { t, form });
    } finally {
      lock.current = false;
      setBusy(null);
    }
  };
  const query = async () => {
    setBusy("query");
    try {
      setRefund(await call("acquiring_refund_query", { refundNo: refund!.refundNo, merchant }));
    } catch (e) {
      handleError(e, { t });
    } finally {
      setBusy(null);
    }
  };

  if (order.state !== "success" && !refund) return null;
  return (
    <div id="acq-refund">
      <Divider titlePlacement="left">{t("acquiring.refund.title")}</Divider>
      <Form form={form} layout="inline" disabled={!!refund}>
        <Form.Item name="amount" label={t("acquiring.refund.amount")} rules={[yuanRule(t, "amountFen", { maxFen: order.amountFen })]}>
          <Input id="acq-refund-amount" style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="reason" label={t("acquiring.refund.reason")}>
          <Input id="acq-refund-reason" style={{ width: 180 }} />
        </Form.Item>
        <Button id="acq-refund-submit" danger type="primary" onClick={submit} loading={busy === "refund"} disabled={!refundNo || !!refund}>
          {t("acquiring.refund.submit")}
        </Button>
      </Form>
      {refund && (
        <Space align="start" style={{ marginTop: 8 }}>
          <Descriptions size="small" column={1} bordered id="acq-refund-result" data-state={refund.state}>
            <Descriptions.Item label={t("acquiring.refund.no")}>{refund.refundNo}</Descriptions.Item>
            <Descriptions.Item label={t("acquiring.state")}><RefundStateTag id="acq-refund-state" state={refund.state} raw={refund.rawStatus} /></Descriptions.Item>
            <Descriptions.Item label={t("acquiring.amount")}>{fenToYuan(refund.amountFen)}</Descriptions.Item>
            {refund.message && <Descriptions.Item label="message">{refund.message}</Descriptions.Item>}
          </Descriptions>
          <Button id="acq-refund-query" onClick={query} loading={busy === "query"}>{t("acquiring.refund.query")}</Button>
        </Space>
      )}
    </div>
  );
}
