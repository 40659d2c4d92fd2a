// Words for codes, from desk's vocabularies (ui/src/bindings/vocab.ts, generated from crates/desk/src/vocab):
// one table per vocabulary, so a state reads the same on every page and in both languages.
import { useCallback } from "react";
import { VOCAB, type HintKey, type ProblemKey, type VocabName } from "../bindings/vocab";
import { currentLang, useI18n, type Lang } from "../i18n";

/** The word for `code` in vocabulary `v`, or null when the code is unknown (Huifu added one). */
export function wordOf(v: VocabName, code: string | null | undefined, lang: Lang): string | null {
  if (code == null || code === "") return null;
  const table = VOCAB[v] as Record<string, readonly [string, string]>;
  const entry = Object.prototype.hasOwnProperty.call(table, code) ? table[code] : undefined;
  return entry ? entry[lang === "zh-CN" ? 0 : 1] : null;
}

/** Fills `{name}` placeholders from desk's params (pairs) or an object. */
export function fill(template: string, params?: [string, string][] | Record<string, string | number>): string {
  const pairs = Array.isArray(params) ? params : Object.entries(params ?? {});
  let out = template;
  for (const [k, v] of pairs) out = out.split(`{${k}}`).join(String(v));
  return out;
}

/** A field problem in `lang` (current language by default). */
export function problemText(key: ProblemKey | string, params?: [string, string][] | Record<string, string | number>, lang: Lang = currentLang()): string | null {
  const w = wordOf("problem", key, lang);
  return w == null ? null : fill(w, params);
}

/** A hint in `lang`: by its key, else by the English text desk sent (the audit page keeps only the text). */
export function hintText(key: HintKey | string | null | undefined, text: string | null | undefined, lang: Lang): string | null {
  const byKey = key ? wordOf("hint", key, lang) : null;
  if (byKey) return byKey;
  if (!text) return null;
  const hit = Object.values(VOCAB.hint).find(([, en]) => en === text);
  return hit ? hit[lang === "zh-CN" ? 0 : 1] : text;
}

/** `w(vocab, code)`: the word in the current language, the code itself when it has no word. */
export function useWords() {
  const { lang } = useI18n();
  return useCallback((v: VocabName, code: string | null | undefined) => wordOf(v, code, lang) ?? (code || "—"), [lang]);
}
