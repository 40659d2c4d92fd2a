// The submit of an onboarding form, and the pictures it sends.
import { useState } from "react";
import type { FormInstance } from "antd";
import type { OnboardingResult } from "../../bindings/OnboardingResult";
import type { ProgressEvent } from "../../bindings/ProgressEvent";
import type { PictureFile } from "../../bindings/PictureFile";
import type { StagedPicture } from "../../bindings/StagedPicture";
import { useWriteSubmit, type DraftIds } from "../../hooks/useWriteSubmit";

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

/** The submit of an onboarding form (hooks/useWriteSubmit) with its upload progress and its answer. */
export function useOnboardingSubmit<V>(form: FormInstance<V>, draft: DraftIds, what: string, send: (values: V, onProgress: (p: ProgressEvent) => void) => Promise<OnboardingResult>) {
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [result, setResult] = useState<OnboardingResult | null>(null);
  const write = useWriteSubmit(form, draft, what, (values: V) => {
    setResult(null);
    return send(values, setProgress);
  });
  const submit = async () => {
    const r = await write.submit();
    setProgress(null);
    if (r) setResult(r);
  };
  return { submit, busy: write.busy, progress, result };
}
