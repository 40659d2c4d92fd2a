// One write form of a merchant page (components/MerchantPage): its draft and its submit.
import { Form, type FormInstance } from "antd";
import { useI18n, type MessageKey } from "../i18n";
import { useDraft, type FormPart } from "./useDraft";
import { useWriteSubmit } from "./useWriteSubmit";

/**
 * One write form of a merchant page, its values `V` (a type derived from the command's generated binding):
 * its draft (restored, saved on change, its req_seq_id fixed) and its submit (hooks/useWriteSubmit: checks,
 * write guard, the error marked on its field, the id rules).
 */
export function useMerchantForm<V extends object>(draftKey: string, action: MessageKey, send: (v: V, reqSeqId: string) => Promise<void>, initial?: FormPart<V>, keepAfterSubmit = false): MerchantForm<V> {
  const { t } = useI18n();
  const [form] = Form.useForm<V>();
  const draft = useDraft<V>(draftKey, form, initial);
  const { submit, busy, onError } = useWriteSubmit(form, draft, t(action), send, keepAfterSubmit);
  return { form, draft, busy, submit, onError };
}

export interface MerchantForm<V extends object> {
  form: FormInstance<V>;
  draft: ReturnType<typeof useDraft<V>>;
  busy: boolean;
  submit: () => Promise<void>;
  onError: ReturnType<typeof useWriteSubmit>["onError"];
}
