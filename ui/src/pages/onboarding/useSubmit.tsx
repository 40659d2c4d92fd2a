// The submit of an onboarding form: write guard, field checks, the call with its progress, the draft and
// req_seq_id rules (kept on retry, fresh after a refusal, cleared after success).
import { useState } from "react";
import type { FormInstance } from "antd";
import type { OnboardingResult } from "../../bindings/OnboardingResult";
import type { ProgressEvent } from "../../bindings/ProgressEvent";
import type { PictureFile } from "../../bindings/PictureFile";
import type { StagedPicture } from "../../bindings/StagedPicture";
import { useWriteGuard } from "../../ipc/writeGuard";
import { asIpcError, spentId } from "../../ipc/errors";
import { useFormError } from "../../hooks/useFormError";

/** Camel-case form name of a wire picture field: `license_pic` → `licensePic`. */
export function picName(field: string): string {
  return field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The staged pictures of `fields` present in the form values, as the service's `pictures` list. */
export function picturesOf(values: Record<string, unknown>, fields: string[]): PictureFile[] {
  const out: PictureFile[] = [];
  for (const f of fields) {
    const v = values[picName(f)] as StagedPicture | undefined;
    if (v?.path) out.push({ field: f, path: v.path });
  }
  return out;
}

export interface Draftish {
  reqSeqId: string;
  clear: () => Promise<void>;
  renew: () => Promise<void>;
}

export function useOnboardingSubmit<V>(form: FormInstance<V>, draft: Draftish, what: string, send: (values: V, onProgress: (p: ProgressEvent) => void) => Promise<OnboardingResult>) {
  const guard = useWriteGuard();
  const onError = useFormError(form);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [result, setResult] = useState<OnboardingResult | null>(null);
  const submit = async () => {
    if (busy || !draft.reqSeqId) return;
    let values: V;
    try {
      await form.validateFields();
      values = form.getFieldsValue(true) as V;
    } catch (e) {
      // The form marks the fields; bring the first one into view.
      const first = (e as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      if (first) form.scrollToField(first.name, { block: "center" });
      return;
    }
    if (!(await guard(what))) return;
    setBusy(true);
    setResult(null);
    try {
      const r = await send(values, setProgress);
      setResult(r);
      await draft.clear();
    } catch (e) {
      const err = onError(e);
      if (spentId(asIpcError(err))) await draft.renew();
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };
  return { submit, busy, progress, result };
}
