// The submit of a write form, one rule for every page: the form's checks first (the first bad field
// brought into view), then the write guard, then the call with the draft's fixed req_seq_id. After success
// the draft is cleared (a fresh id); after Huifu refused it (the id is spent) a fresh id is taken for the
// retry; nothing typed is lost either way.
import { useState } from "react";
import type { FormInstance } from "antd";
import { asIpcError, spentId } from "../ipc/errors";
import { useWriteGuard } from "../ipc/writeGuard";
import { useFormError } from "./useFormError";

/** What the submit needs of a draft (hooks/useDraft). */
export interface DraftIds {
  reqSeqId: string;
  clear: (keepValues?: boolean) => Promise<void>;
  renew: () => Promise<void>;
}

/**
 * `send` gets the checked values and the draft's req_seq_id; `submit` resolves to what `send` answered, or
 * undefined when nothing was sent or the call failed (the error is then shown and marked on its field).
 * `keepValues`: after success the form keeps what it shows (a setting just saved is what Huifu now has).
 */
export function useWriteSubmit<V, R>(
  form: FormInstance<V>,
  draft: DraftIds,
  action: string,
  send: (values: V, reqSeqId: string) => Promise<R>,
  keepValues = false,
) {
  const guard = useWriteGuard();
  const onError = useFormError(form);
  const [busy, setBusy] = useState(false);
  const submit = async (): Promise<R | undefined> => {
    if (busy || !draft.reqSeqId) return undefined;
    let values: V;
    try {
      await form.validateFields();
      values = form.getFieldsValue(true) as V;
    } catch (e) {
      const first = (e as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      if (first) form.scrollToField(first.name, { block: "center" });
      return undefined;
    }
    if (!(await guard(action))) return undefined;
    setBusy(true);
    try {
      const r = await send(values, draft.reqSeqId);
      await draft.clear(keepValues);
      return r;
    } catch (e) {
      if (spentId(asIpcError(onError(e)))) await draft.renew();
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { submit, busy, onError };
}
