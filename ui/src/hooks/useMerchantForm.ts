// One write form of a merchant page (components/MerchantPage): draft, checks, write guard, errors.
import { useState } from "react";
import { Form } from "antd";
import { asIpcError, spentId } from "../ipc/errors";
import { useWriteGuard } from "../ipc/writeGuard";
import { useI18n, type MessageKey } from "../i18n";
import { useDraft } from "./useDraft";
import { useFormError } from "./useFormError";

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

export type MerchantForm = ReturnType<typeof useMerchantForm>;
