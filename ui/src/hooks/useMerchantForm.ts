// One write form of a merchant page (components/MerchantPage): its draft and its submit.
import { Form } from "antd";
import { useI18n, type MessageKey } from "../i18n";
import { useDraft } from "./useDraft";
import { useWriteSubmit } from "./useWriteSubmit";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Values = Record<string, any>;

/**
 * One write form of a merchant page: its draft (restored, saved on change, its req_seq_id fixed) and its
 * submit (hooks/useWriteSubmit: checks, write guard, the error marked on its field, the id rules).
 */
export function useMerchantForm(draftKey: string, action: MessageKey, send: (v: Values, reqSeqId: string) => Promise<void>, initial?: Values, keepAfterSubmit = false) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const draft = useDraft<Values>(draftKey, form, initial);
  const { submit, busy, onError } = useWriteSubmit(form, draft, t(action), send, keepAfterSubmit);
  return { form, draft, busy, submit, onError };
}

export type MerchantForm = ReturnType<typeof useMerchantForm>;
