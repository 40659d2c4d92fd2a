import { useCallback, useEffect, useState } from "react";
import { Alert, Button, Card, Descriptions, Form, Input, Select, Space, Typography } from "antd";
import type { Capabilities } from "../../bindings/Capabilities";
import type { CreateOrderInput } from "../../bindings/CreateOrderInput";
import type { IpcError } from "../../bindings/IpcError";
import type { NoticeView } from "../../bindings/NoticeView";
import type { OrderView } from "../../bindings/OrderView";
import type { QrImage } from "../../bindings/QrImage";
import { call } from "../../ipc/call";
import { asIpcError } from "../../ipc/errors";
import { useStep } from "../../ipc/useStep";
import { useWriteGuard } from "../../ipc/writeGuard";
import { useI18n } from "../../i18n";
import { yuanRule } from "../../money/rule";
import { fenToYuan, yuanToFen } from "../../money/yuan";
import { TradeStateTag } from "../../components/TradeStateTag";
import { NoticeResult } from "./NoticeCard";
import { HoldNotice, MiniProgramAnswer, PayerLink, RefusalNotice } from "./OrderAnswer";
import { RefundBox } from "./RefundBox";

/** The form: the command's own fields, the amount as the yuan text typed (the command takes fen). */
type CreateValues = Pick<CreateOrderInput, "product" | "goods" | "merchant" | "payerCode" | "payerId" | "appId"> & { amount: string };

const trimmed = (v?: string) => v?.trim() || undefined;

/** A query or close answers the order's state only: what the payer was given at creation (the link, the
 * mini-program) stays on the card, as the QR does. */
const refreshed = (prev: OrderView | null, next: OrderView): OrderView => ({
  ...next,
  payerLink: next.payerLink ?? prev?.payerLink,
  miniProgram: next.miniProgram ?? prev?.miniProgram,
});

/**
 * Create an order with the active profile's acquirer and follow it. What comes back is shown as what it is:
 * a QR (drawn by desk), the link a payer opens (WxJsApi), or the 微企付 mini-program (WQF_APPLET).
 */
export function OrderCard({ caps, sandbox }: { caps: Capabilities; sandbox: boolean }) {
  const { t } = useI18n();
  const guard = useWriteGuard();
  const [form] = Form.useForm<CreateValues>();
  const [orderNo, setOrderNo] = useState<string | null>(null);
  const [order, setOrder] = useState<OrderView | null>(null);
  const [qr, setQr] = useState<QrImage | null>(null);
  const [notice, setNotice] = useState<NoticeView | null>(null);
  const [refusal, setRefusal] = useState<IpcError | null>(null);
  const dougong = caps.acquirer === "dougong";
  const product = Form.useWatch("product", form);
  const takesCode = !!product && caps.codeProducts.includes(product);
  const takesPayerId = !!product && caps.payerIdProducts.includes(product);
  const takesAppId = !!product && caps.appIdProducts.includes(product);
  const { busy, step: run } = useStep(form);

  const fresh = useCallback(async () => setOrderNo(await call("acquiring_new_no")), []);
  useEffect(() => {
    void fresh();
    form.setFieldsValue({ product: caps.products[0] });
  }, [fresh, caps, form]);

  const merchant = () => (dougong ? form.getFieldValue("merchant")?.trim() || undefined : undefined);

  const create = () =>
    run("create", async () => {
      // A field the form refuses is marked on the form itself; nothing is sent.
      const v = await form.validateFields().catch(() => null);
      if (!v) return;
      if (!orderNo || !(await guard(t("acquiring.createWrite")))) return;
      setRefusal(null);
      let o: OrderView;
      try {
        o = await call("acquiring_create", {
          orderNo,
          product: v.product,
          amountFen: yuanToFen(v.amount, "amountFen"),
          goods: v.goods,
          merchant: merchant(),
          payerCode: takesCode ? trimmed(v.payerCode) : undefined,
          payerId: takesPayerId ? trimmed(v.payerId) : undefined,
          appId: takesAppId ? trimmed(v.appId) : undefined,
        });
      } catch (e) {
        // A refusal (the unsigned pre-check one too) stays on the card with the acquirer's own message.
        const err = asIpcError(e);
        if (err.code !== "refused") throw e;
        setRefusal(err);
        return;
      }
      setOrder(o);
      setNotice(null);
      setQr(o.qr ? await call("acquiring_qr_render", { content: o.qr }) : null);
    });
  const update = (next: OrderView) => setOrder((prev) => refreshed(prev, next));
  const query = () => run("query", async () => update(await call("acquiring_query", { orderNo: order!.orderNo, merchant: merchant() })));
  const close = () =>
    run("close", async () => {
      if (!(await guard(t("acquiring.closeWrite")))) return;
      update(await call("acquiring_close", { orderNo: order!.orderNo, merchant: merchant() }));
    });
  const pay = () =>
    run("pay", async () => {
      await call("acquiring_sandbox_pay", { orderNo: order!.orderNo, tamper: false });
      update(await call("acquiring_query", { orderNo: order!.orderNo, merchant: merchant() }));
    });
  const fetchNotice = () => run("notice", async () => setNotice(await call("acquiring_sandbox_notice", { orderNo: order!.orderNo })));
  const again = () => {
    setOrder(null);
    setQr(null);
    setNotice(null);
    setRefusal(null);
    form.setFieldsValue({ payerCode: "" });
    void fresh();
  };

  return (
    <Card title={t("acquiring.create.title")} size="small" id="acq-order-card">
      <Form form={form} layout="inline" initialValues={{ amount: "0.01", goods: "Paydesk 测试" }} disabled={!!order}>
        <Form.Item name="product" label={t("acquiring.product")}>
          <Select id="acq-product" style={{ width: 170 }} options={caps.products.map((p) => ({ value: p, label: p }))} />
        </Form.Item>
        <Form.Item name="amount" label={t("acquiring.amount")} rules={[yuanRule(t, "amountFen")]}>
          <Input id="acq-amount" style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="goods" label={t("acquiring.goods")} rules={[{ required: true, message: t("common.required") }]}>
          <Input id="acq-goods" style={{ width: 160 }} />
        </Form.Item>
        {dougong && (
          <Form.Item name="merchant" label={t("acquiring.merchant")}>
            <Input id="acq-merchant" style={{ width: 170 }} />
          </Form.Item>
        )}
        {takesCode && (
          <Form.Item name="payerCode" label={t("acquiring.payerCode")} rules={[{ required: true, pattern: /^\s*[0-9A-Za-z]{1,64}\s*$/, message: t("acquiring.payerCode.hint") }]}>
            <Input id="acq-payer-code" style={{ width: 220 }} autoComplete="off" placeholder={t("acquiring.payerCode.placeholder")} />
          </Form.Item>
        )}
        {takesPayerId && (
          <Form.Item name="payerId" label={t("acquiring.payerId")} rules={[{ required: true, whitespace: true, message: t("common.required") }]}>
            <Input id="acq-payer-id" style={{ width: 200 }} autoComplete="off" />
          </Form.Item>
        )}
        {takesAppId && (
          <Form.Item name="appId" label={t("acquiring.appId")} rules={[{ required: true, whitespace: true, message: t("common.required") }]}>
            <Input id="acq-app-id" style={{ width: 170 }} autoComplete="off" />
          </Form.Item>
        )}
        <Button id="acq-create" type="primary" onClick={create} loading={busy === "create"} disabled={!orderNo || !!order}>
          {t("acquiring.create")}
        </Button>
      </Form>
      <Typography.Text type="secondary">
        {t("acquiring.orderNo")}: <code id="acq-order-no">{orderNo}</code>
      </Typography.Text>
      {refusal && !order && <RefusalNotice e={refusal} />}
      {order && (
        <Space align="start" size="large" style={{ marginTop: 16 }}>
          {qr && <img id="acq-qr-img" src={`data:image/png;base64,${qr.pngBase64}`} alt={t("acquiring.qrAlt")} width={200} height={200} data-content={qr.content} />}
          <div>
            <Descriptions size="small" column={1} bordered id="acq-order" data-order-no={order.orderNo}>
              <Descriptions.Item label={t("acquiring.state")}>
                <TradeStateTag id="acq-state" state={order.state} raw={order.rawStatus} />
              </Descriptions.Item>
              <Descriptions.Item label={t("acquiring.orderNo")}>{order.orderNo}</Descriptions.Item>
              <Descriptions.Item label={t("acquiring.platformNo")}>{order.platformNo ?? "—"}</Descriptions.Item>
              <Descriptions.Item label={t("acquiring.amount")}>{fenToYuan(order.amountFen)}</Descriptions.Item>
              {order.message && <Descriptions.Item label="message">{order.message}</Descriptions.Item>}
              {!qr && order.qr && <Descriptions.Item label="qr">{order.qr}</Descriptions.Item>}
            </Descriptions>
            {order.state === "hold" && <HoldNotice />}
            {order.miniProgram && <MiniProgramAnswer mp={order.miniProgram} />}
            {order.payerLink && <PayerLink link={order.payerLink} />}
            <Space style={{ marginTop: 12 }} wrap>
              <Button id="acq-query" onClick={query} loading={busy === "query"}>{t("acquiring.query")}</Button>
              <Button id="acq-close" onClick={close} loading={busy === "close"} disabled={order.state !== "pending"}>
                {caps.closeKind === "cancel" ? t("acquiring.cancel") : t("acquiring.close")}
              </Button>
              {sandbox && (
                <Button id="acq-sandbox-pay" type="primary" onClick={pay} loading={busy === "pay"} disabled={order.state !== "pending"}>
                  {t("acquiring.sandboxPay")}
                </Button>
              )}
              {sandbox && caps.acquirer !== "dougong" && (
                <Button id="acq-sandbox-notice" onClick={fetchNotice} loading={busy === "notice"}>{t("acquiring.sandboxNotice")}</Button>
              )}
              <Button id="acq-new" onClick={again}>{t("acquiring.newOrder")}</Button>
            </Space>
            {notice && <NoticeResult notice={notice} />}
          </div>
        </Space>
      )}
      {order && (caps.refund ? <RefundBox order={order} merchant={merchant()} /> : <Alert style={{ marginTop: 12 }} type="info" title={t("acquiring.refund.none")} />)}
    </Card>
  );
}
