// Huifu's status letters as types. desk's vocabulary (bindings/vocab.ts, generated from the Rust tables)
// lists every code it knows; a page reads a status through `codeOf` and branches on the union, with typed
// maps and exhaustive switches, so a code renamed or removed in desk's vocabulary breaks the build here.
import { VOCAB, type VocabName } from "../bindings/vocab";

/** The codes of vocabulary `V`, as a union. */
export type Code<V extends VocabName> = keyof (typeof VOCAB)[V] & string;

/** `v` as a code of vocabulary `name`, or null when absent or unknown (a code Huifu added since). */
export function codeOf<V extends VocabName>(name: V, v: string | null | undefined): Code<V> | null {
  return v != null && Object.prototype.hasOwnProperty.call(VOCAB[name], v) ? (v as Code<V>) : null;
}

/** An antd tag colour for each code of a status vocabulary; `unknown` for one desk does not know. */
export type Colors<V extends VocabName> = Record<Code<V>, string> & { unknown: string };

/** The colour of `v` by `colors`. */
export function colorOf<V extends VocabName>(name: V, colors: Colors<V>, v: string | null | undefined): string {
  const c = codeOf(name, v);
  return c === null ? colors.unknown : colors[c];
}

/** Where an application (onboarding, business open, split config) stands, from its apply_status. */
export type ApplyOutcome = "approved" | "audit" | "refused";

export function applyOutcome(v: string | null | undefined): ApplyOutcome | null {
  const c = codeOf("applyStatus", v);
  switch (c) {
    case "Y":
      return "approved";
    case "P":
      return "audit";
    case "N":
    case "F":
      return "refused";
    case null:
      return null;
  }
}

/** apply_status as a tag colour. */
export const APPLY_COLORS: Colors<"applyStatus"> = { Y: "success", P: "processing", N: "error", F: "error", unknown: "error" };

/** Where a WeChat or Alipay realname application stands, from its state code (both channels' codes). */
export type RealnameStage = "editing" | "waiting" | "passed" | "ended" | "none";

export function realnameStage(v: string | null | undefined): RealnameStage | null {
  const c = codeOf("realnameState", v);
  switch (c) {
    case "APPLYMENT_STATE_EDITTING":
      return "editing";
    case "APPLYMENT_STATE_WAITTING_FOR_AUDIT":
    case "APPLYMENT_STATE_WAITTING_FOR_CONFIRM_CONTACT":
    case "APPLYMENT_STATE_WAITTING_FOR_CONFIRM_LEGALPERSON":
    case "AUDITING":
    case "CONTACT_CONFIRM":
    case "LEGAL_CONFIRM":
      return "waiting";
    case "APPLYMENT_STATE_PASSED":
    case "AUDIT_PASS":
      return "passed";
    case "APPLYMENT_STATE_REJECTED":
    case "APPLYMENT_STATE_FREEZED":
    case "APPLYMENT_STATE_CANCELED":
    case "AUDIT_REJECT":
    case "AUDIT_FREEZE":
    case "CANCELED":
      return "ended";
    case "APPLYMENT_STATE_NOAPPLY":
    case "NOT_APPLY":
      return "none";
    case null:
      return null;
  }
}
