// The skeleton the per-merchant config pages (business, wechat, terminals, split) share: the merchant
// picker bar, then one write form with its fixed req_seq_id (a draft) and the page's own view of what
// Huifu has. Each page keeps only its fields, its call and its view.
import { Fragment, useCallback, useEffect, useRef, useState, type CSSProperties, type ReactNode } from "react";
import { Button, Card, Empty, Form, Space, Typography, type FormInstance } from "antd";
import { asIpcError } from "../../ipc/errors";
import { useWriteGuard } from "../../ipc/writeGuard";
import { useI18n, type MessageKey } from "../../i18n";
import { MerchantBar } from "./MerchantBar";
import { spentId, useDraft, useFormError, useHuifuIdParam } from "./shared";

/** `#<area>-page` with the bar `#<area>-merchant`; the body is remounted for each merchant picked. */
export function MerchantPage({ area, children }: { area: string; children: (huifuId: string) => ReactNode }) {
  const { t } = useI18n();
  const [huifuId] = useHuifuIdParam();
  return (
    <div id={`${area}-page`}>
      <MerchantBar id={`${area}-merchant`} />
      {huifuId ? <Fragment key={huifuId}>{children(huifuId)}</Fragment> : <Empty description={t("merchants.noMerchant")} />}
    </div>
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Values = Record<string, any>;

/**
 * One write form of a merchant page: its draft (restored, saved on change, its req_seq_id fixed), the
 * checks before sending, the write guard, and the error marked on its field. `send` gets the values and the
 * draft's req_seq_id; after success the draft is cleared (a fresh id), after Huifu refused it (the id is
 * spent) a fresh id is taken for the retry, nothing typed is lost.
 */
export function useMerchantForm(draftKey: string, action: MessageKey, send: (v: Values, reqSeqId: string) => Promise<void>, initial?: Values, keepAfterSubmit = false) {
  const { t } = useI18n();
  const guard = useWriteGuard();
  const [form] = Form.useForm<Values>();
  const onError = useFormError(form);
  const draft = useDraft<Values>(draftKey, form, initial);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    let v: Values;
    try {
      await form.validateFields();
      v = form.getFieldsValue(true);
    } catch {
      return;
    }
    if (!(await guard(t(action)))) return;
    setBusy(true);
    try {
      await send(v, draft.reqSeqId);
      await draft.clear(keepAfterSubmit);
    } catch (e) {
      const err = onError(e);
      if (spentId(asIpcError(err))) await draft.renew();
    } finally {
      setBusy(false);
    }
  };
  return { form, draft, busy, submit, onError };
}

type MerchantForm = ReturnType<typeof useMerchantForm>;

/** The submit button `#<id>-submit` and the request's fixed req_seq_id beside it (`extra` between). */
export function SubmitRow({ id, f, extra }: { id: string; f: MerchantForm; extra?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Space>
      <Button type="primary" id={`${id}-submit`} loading={f.busy} disabled={!f.draft.reqSeqId} onClick={f.submit}>{t("common.submit")}</Button>
      {extra}
      <Typography.Text type="secondary" title={t("merchants.reqSeqId")}>req_seq_id: <code>{f.draft.reqSeqId}</code></Typography.Text>
    </Space>
  );
}

/** The form `#<id>-form` in its card, the fields then the submit row. */
export function FormCard({ id, title, f, children }: { id: string; title: ReactNode; f: MerchantForm; children: ReactNode }) {
  return (
    <Card size="small" title={title} style={{ marginBottom: 12 }}>
      <Form form={f.form as FormInstance} layout="vertical" id={`${id}-form`} onValuesChange={f.draft.save} disabled={f.busy}>
        {children}
        <SubmitRow id={id} f={f} />
      </Form>
    </Card>
  );
}

/** What Huifu has for this merchant, with its refresh button `#<id>-refresh`. */
export function StateCard({ id, title, onRefresh, children, style }: { id: string; title: ReactNode; onRefresh: () => void; children: ReactNode; style?: CSSProperties }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={title} style={style} extra={<Button size="small" id={`${id}-refresh`} onClick={onRefresh}>{t("common.refresh")}</Button>}>
      {children}
    </Card>
  );
}

/** What Huifu lists for this merchant (`fetch`): loaded when the page opens and on `load`; empty after an
 * error, which `onError` shows. `setList` takes the list a write answers with. */
export function useMerchantList<T>(fetch: () => Promise<T[]>, onError: (e: unknown) => unknown) {
  const [list, setList] = useState<T[] | null>(null);
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  const load = useCallback(async () => {
    try {
      setList(await fetchRef.current());
    } catch (e) {
      setList([]);
      onError(e);
    }
  }, [onError]);
  useEffect(() => {
    void load();
  }, [load]);
  return { list, setList, load };
}
