// The submit of an onboarding form, and the pictures it sends.
import { useState } from "react";
import type { FormInstance } from "antd";
import type { OnboardingResult } from "../../bindings/OnboardingResult";
import type { ProgressEvent } from "../../bindings/ProgressEvent";
import type { PictureFile } from "../../bindings/PictureFile";
import type { StagedPicture } from "../../bindings/StagedPicture";
import type { CardForm } from "../../bindings/CardForm";
import type { ChosenPicture } from "../../components/PhotoSlot";
import { useWriteSubmit, type DraftIds } from "../../hooks/useWriteSubmit";

/** The camel-case form name of a wire picture field, as a type: `license_pic` → `licensePic`. */
export type PicName<F extends string> = F extends `${infer H}_${infer T}` ? `${H}${Capitalize<PicName<T>>}` : F;

/** Camel-case form name of a wire picture field: `license_pic` → `licensePic`. */
export function picName<F extends string>(field: F): PicName<F> {
  return field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()) as PicName<F>;
}

/**
 * What an onboarding form holds for the command's input `Req`: its fields (each empty while typing, the
 * card's too; the page fills the req_seq_id and turns the chosen pictures into `pictures`) and the
 * picture of each wire field of `F` under its camel-case name.
 */
export type OnboardingValues<Req, F extends string> = Partial<Omit<Req, "reqSeqId" | "card" | "pictures">> & {
  card?: Partial<CardForm>;
} & Partial<Record<PicName<F>, ChosenPicture>>;

/** The staged pictures of `fields` present in the form values, as the service's `pictures` list. */
export function picturesOf<F extends string>(values: Partial<Record<PicName<F>, StagedPicture>>, fields: readonly F[]): PictureFile[] {
  const out: PictureFile[] = [];
  for (const f of fields) {
    const v: StagedPicture | undefined = values[picName(f)];
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
