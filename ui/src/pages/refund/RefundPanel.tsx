import { useEffect, useRef, useState } from "react";
import { App, Button, Card, Descriptions, Form, Input, Space, Spin, Typography } from "antd";
import type { ProgressEvent } from "../../bindings/ProgressEvent";
import type { RefundDraft } from "../../bindings/RefundDraft";
import type { RefundForm } from "../../bindings/RefundForm";
import type { RefundRecord } from "../../bindings/RefundRecord";
import type { RequestPreview } from "../../bindings/RequestPreview";
import type { TradeRef } from "../../bindings/TradeRef";
import { call, callWithProgress } from "../../ipc/call";
import { withRepeatConfirm } from "../../ipc/confirmRepeat";
import { handleError, refusedBeforeSending } from "../../ipc/errors";
import { useWriteGuard } from "../../ipc/writeGuard";
import { useI18n } from "../../i18n";
import { yuanRule } from "../../money/rule";
import { fenToYuan, yuanToFen } from "../../money/yuan";
import { ProgressLine } from "../../components/ProgressLine";
import { RefundStateTag } from "../../components/RefundStateTag";
import { checkSplitRefund, type SplitRow } from "./split";
import { SplitRefundFields } from "./SplitRefundFields";

/** The form: the command's own fields, the amount as the yuan text typed (the command takes fen). */
type RefundValues = Pick<RefundForm, "reason" | "note"> & {
  amount: string;
  /** Split trades: refund per receiver (on by default). */
  splitOn: boolean;
  split: SplitRow[];
};

/**
 * One refund of one trade. Opening it fixes the refund's req_seq_id (refund_prepare); every submit of this
 * panel sends that id, so a double click, a retry after an error or a second confirmation can only re-send
 * the same request, which desk's journal answers without a second refund. The button is also locked
 * (synchronously, before any await) while a submit is in flight. A split trade's refund names what each
 * receiver gives back (acct_split_bunch), checked against the amount and each receiver's part still
 * refundable before anything is sent.
 */
export function RefundPanel({ trade, onChanged, onClose }: { trade: TradeRef; onChanged: () => void; onClose: () => void }) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const guard = useWriteGuard();
  const [form] = Form.useForm<RefundValues>();
  const [draft, setDraft] = useState<RefundDraft | null>(null);
  const [record, setRecord] = useState<RefundRecord | null>(null);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [inFlight, setInFlight] = useState(false);
  const lock = useRef(false);
  const amount = Form.useWatch("amount", form);
  const reason = Form.useWatch("reason", form) ?? "";
  const splitOn = Form.useWatch("splitOn", form) ?? true;
  // preserve: the rows' huifuId has no form item of its own, and only registered fields are watched otherwise.
  const splitRows = Form.useWatch("split", { form, preserve: true }) as SplitRow[] | undefined;

  useEffect(() => {
    let live = true;
    call("refund_prepare", trade)
      .then((d) => {
        if (!live) return;
        setDraft(d);
        const split = d.refundable.splitRefundable.map((p) => ({ huifuId: p.huifuId, amount: fenToYuan(p.amountFen) }));
        form.setFieldsValue({ amount: fenToYuan(d.refundable.refundableFen), reason: "", note: "", splitOn: split.length > 0, split });
      })
      .catch((e) => handleError(e, { t }));
    return () => {
      live = false;
    };
  }, [trade, form, t]);

  const maxFen = draft?.refundable.refundableFen ?? 0;
  let previewFen: number | null;
  try {
    previewFen = yuanToFen(amount ?? "", "amount", { maxFen });
  } catch {
    previewFen = null;
  }
  const isSplit = (draft?.refundable.split.length ?? 0) > 0;
  const splitCheck = draft && isSplit && splitOn ? checkSplitRefund(splitRows ?? [], previewFen, draft.refundable.splitRefundable) : null;
  const splitParts = splitCheck ? splitCheck.parts : [];
  const note = Form.useWatch("note", form) ?? "";
  const previewForm: RefundForm | null =
    draft && previewFen !== null && splitParts
      ? { reqSeqId: draft.reqSeqId, trade: draft.refundable.trade, amountFen: previewFen, reason, note, split: splitParts, allowRepeat: false }
      : null;
  const preview = useRefundPreview(previewForm);

  const submit = async () => {
    if (lock.current || !draft) return; // a second click while the first is in flight does nothing
    lock.current = true;
    setInFlight(true);
    let sent = false;
    try {
      const v = await form.validateFields();
      const amountFen = yuanToFen(v.amount, "amount", { maxFen });
      const check = isSplit && v.splitOn ? checkSplitRefund((form.getFieldValue("split") as SplitRow[] | undefined) ?? [], amountFen, draft.refundable.splitRefundable) : null;
      if (check && !check.parts) return; // the problems are shown under the rows; nothing is sent
      const split = check?.parts ?? [];
      const request = await call("refund_preview", { reqSeqId: draft.reqSeqId, trade: draft.refundable.trade, amountFen, reason: v.reason, note: v.note, split, allowRepeat: false });
      const yes = await modal.confirm({
        title: t("refunds.form.confirmTitle"),
        content: (
          <div>
            <p>{t("refunds.form.confirmBody", { amount: fenToYuan(amountFen), trade: draft.refundable.trade.reqSeqId ?? draft.refundable.trade.hfSeqId ?? "", seq: draft.reqSeqId })}</p>
            <pre style={{ fontSize: 12 }}>{prettyData(request)}</pre>
          </div>
        ),
        okText: t("refunds.form.submit"),
        okButtonProps: { id: "refund-confirm-ok", danger: true },
        cancelText: t("common.cancel"),
      });
      if (!yes || !(await guard(t("refunds.form.write")))) return;
      sent = true;
      const r = await withRepeatConfirm(modal, t, (allowRepeat) =>
        call("refund_submit", { reqSeqId: draft.reqSeqId, trade: draft.refundable.trade, amountFen, reason: v.reason, note: v.note, split, allowRepeat }),
      );
      if (!r) {
        sent = false; // the person did not mean a repeat: nothing went out, the panel stays open
        return;
      }
      setRecord(r);
      onChanged();
      const last = await callWithProgress("refund_follow", { reqSeqId: r.reqSeqId }, setProgress);
      setRecord(last);
      onChanged();
    } catch (e) {
      // A refusal before sending leaves the id unused: the same panel may submit again.
      if (refusedBeforeSending(handleError(e, { t, form }))) sent = false;
    } finally {
      // After a send the panel is spent (its id is used): "Done" opens a new one. Before a send, unlock.
      if (!sent) lock.current = false;
      setInFlight(false);
    }
  };

  const isFinal = record?.state === "success" || record?.state === "failed";
  return (
    <Card title={t("refunds.form.title")} size="small" id="refund-panel" data-req-seq-id={draft?.reqSeqId ?? ""} extra={<Button size="small" id="refund-panel-close" onClick={onClose}>{t("refunds.form.done")}</Button>}>
      {!draft ? (
        <Spin />
      ) : (
        <>
          <Form form={form} layout="vertical" disabled={!!record}>
            <Form.Item name="amount" label={t("refunds.form.amount")} extra={t("refunds.form.amountHint", { max: fenToYuan(maxFen) })} rules={[yuanRule(t, "amount", { maxFen })]}>
              <Input id="refund-amount" style={{ width: 160 }} />
            </Form.Item>
            {isSplit && <SplitRefundFields t={t} form={form} split={draft.refundable.split} left={draft.refundable.splitRefundable} check={splitCheck} amountFen={previewFen} />}
            <Form.Item name="reason" label={t("refunds.form.reason")} rules={[{ max: 255 }]}>
              <Input id="refund-reason" />
            </Form.Item>
            <Form.Item name="note" label={t("refunds.form.note")} rules={[{ max: 500 }]}>
              <Input.TextArea id="refund-note" rows={2} />
            </Form.Item>
          </Form>
          <Typography.Text type="secondary">{t("refunds.form.request")}</Typography.Text>
          <pre id="refund-request" style={{ background: "#fafafa", padding: 8, fontSize: 12, whiteSpace: "pre-wrap", wordBreak: "break-all" }}>
            {preview ? prettyData(preview) : "—"}
          </pre>
          <Space>
            <Button id="refund-submit" type="primary" danger onClick={submit} loading={inFlight} disabled={inFlight || !!record || maxFen <= 0}>
              {t("refunds.form.submit")}
            </Button>
          </Space>
          {record && (
            <div id="refund-result" data-state={record.state} data-req-seq-id={record.reqSeqId}>
            <Descriptions style={{ marginTop: 12 }} size="small" column={1} bordered>
              <Descriptions.Item label={t("refunds.col.state")}>
                <RefundStateTag id="refund-state" state={record.state} />
                {!isFinal && <Typography.Text type="secondary"> {t("refunds.form.following")}</Typography.Text>}
              </Descriptions.Item>
              <Descriptions.Item label={t("refunds.col.amount")}>{fenToYuan(record.amountFen)}</Descriptions.Item>
              <Descriptions.Item label="hf_seq_id">{record.hfSeqId ?? "—"}</Descriptions.Item>
              {record.message && <Descriptions.Item label={t("refunds.col.message")}>{record.message}</Descriptions.Item>}
            </Descriptions>
            </div>
          )}
          {!isFinal && progress && <ProgressLine id="refund-follow-progress" label={t("refunds.form.following")} event={progress} />}
        </>
      )}
    </Card>
  );
}

/** The signed `data` text, indented for reading (same fields, same order, same values). */
function prettyData(p: RequestPreview): string {
  return JSON.stringify(JSON.parse(p.data), null, 2);
}

/**
 * The request desk would send for the form as it stands (refund_preview: desk's own code, nothing stored or
 * sent), asked again a moment after the person stops typing. Null while the form cannot be sent.
 */
function useRefundPreview(form: RefundForm | null): RequestPreview | null {
  const [preview, setPreview] = useState<RequestPreview | null>(null);
  const key = form ? JSON.stringify(form) : "";
  useEffect(() => {
    if (!key) {
      setPreview(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      call("refund_preview", JSON.parse(key) as RefundForm)
        .then((p) => live && setPreview(p))
        .catch(() => live && setPreview(null)); // the form's own checks name the field; the preview just stays empty
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]);
  return preview;
}
