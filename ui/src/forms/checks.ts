// Field checks run as the person types, mirroring crates/desk/src/checks.rs (desk runs them again before
// sending; these only spare a round trip). Each returns null when fine, else the problem: a key of desk's
// `problem` vocabulary with its parameters, so the form and desk say the same words in either language.
import type { ProblemKey } from "../bindings/vocab";
import { problemText } from "../hooks/useWords";

export interface Problem {
  key: ProblemKey;
  params?: Record<string, string | number>;
}

export type Check = (v: string) => Problem | null;

const p = (key: ProblemKey, params?: Record<string, string | number>): Problem => ({ key, params });

const ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_C = "10X98765432";

/** The ISO 7064 MOD 11-2 check character of the first 17 digits of an ID card number. */
export function idCardCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_W[i];
  return ID_C[sum % 11];
}

/** An 18-character resident ID number with a valid check character and a plausible birth date. */
export const idCard: Check = (v) => {
  if (!/^\d{17}[\dXx]$/.test(v)) return p("id_card_format");
  const month = Number(v.slice(10, 12));
  const day = Number(v.slice(12, 14));
  if (month < 1 || month > 12 || day < 1 || day > 31) return p("id_card_birth");
  if (idCardCheckDigit(v.slice(0, 17)) !== v[17].toUpperCase()) return p("id_card_check");
  return null;
};

const USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** An 18-character unified social credit code (GB 32100-2015) with a valid check character. */
export const uscc: Check = (v) => {
  const up = v.toUpperCase();
  if (up.length !== 18) return p("uscc_length");
  const vals: number[] = [];
  for (const c of up) {
    const i = USCC_ALPHABET.indexOf(c);
    if (i < 0) return p("uscc_char", { char: c });
    vals.push(i);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += vals[i] * USCC_W[i];
  if (vals[17] !== (31 - (sum % 31)) % 31) return p("uscc_check");
  return null;
};

/** Luhn check over digits. */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A bank card number: 12–19 digits passing the Luhn check. */
export const bankCard: Check = (v) => {
  if (!/^\d{12,19}$/.test(v)) return p("card_digits");
  if (!luhn(v)) return p("card_luhn");
  return null;
};

/** A mainland mobile number: 11 digits starting 13–19. */
export const mobile: Check = (v) => (/^1[3-9]\d{9}$/.test(v) ? null : p("mobile"));

/** An e-mail address of at most `max` characters. */
export const email =
  (max: number): Check =>
  (v) => {
    const r = required(max)(v);
    if (r) return r;
    const at = v.indexOf("@");
    const u = at < 0 ? "" : v.slice(0, at);
    const d = at < 0 ? "" : v.slice(at + 1);
    const ok = at >= 0 && u.length > 0 && d.includes(".") && !d.startsWith(".") && !d.endsWith(".");
    return ok && !/\s/.test(v) ? null : p("email");
  };

/** Present, and at most `max` characters (counted as characters, as the spec's String(n)). */
export const required =
  (max: number): Check =>
  (v) =>
    v.trim() === "" ? p("required") : maxLen(max)(v);

export const maxLen =
  (max: number): Check =>
  (v) => {
    const n = [...v].length;
    return n > max ? p("too_long", { n, max }) : null;
  };

export const minLen =
  (min: number): Check =>
  (v) =>
    [...v].length < min ? p("too_short", { min }) : null;

/** One of the listed wire values. */
export const oneOf =
  (allowed: string[]): Check =>
  (v) =>
    allowed.includes(v) ? null : p("not_one_of", { value: v, allowed: allowed.join(", ") });

/** A typed date (20200131, 2020-01-31, 2020/1/31, 2020.1.31, 2020年1月31日) as `yyyyMMdd`, or null. */
export function normalizeDate(v: string): string | null {
  const t = v.trim();
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(t) ?? /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t);
  if (!m) return null;
  const [y, mo, d] = [m[1], m[2].padStart(2, "0"), m[3].padStart(2, "0")];
  const ok = Number(mo) >= 1 && Number(mo) <= 12 && Number(d) >= 1 && Number(d) <= 31;
  return ok ? `${y}${mo}${d}` : null;
}

/** A date desk will take as `yyyyMMdd` with a plausible month and day (typed forms are normalised when the
 * field is left). */
export const date8: Check = (v) => (normalizeDate(v) ? null : p("date8"));

/** A huifu_id: digits, at most 18. */
export const huifuId: Check = (v) => (/^\d{1,18}$/.test(v) ? null : p("huifu_id"));

/** A percentage with at most 2 decimals in 0..=100 ("0.38"). */
export const percent: Check = (v) => {
  const ok = /^\d+(\.\d{1,2})?$/.test(v) && Number(v) >= 0 && Number(v) <= 100;
  return ok ? null : p("percent");
};

/** A Huifu MCC as free entry: 4 to 7 characters, digits (WeChat/Alipay categories may carry letters). */
export const mcc: Check = (v) => (/^[0-9A-Za-z]{4,7}$/.test(v) ? null : p("mcc"));

/** A 12-digit 联行号 (CNAPS branch number). */
export const branchCode: Check = (v) => (/^\d{12}$/.test(v) ? null : p("branch_code"));

/** A WeChat appid: wx + 16 letters or digits (desk services/wxconfig.rs checks the same). */
export const wxAppid: Check = (v) => (/^wx[0-9A-Za-z]{16}$/.test(v.trim()) ? null : p("wx_appid"));

/** A JSAPI pay path: an http(s) URL ending with / (as desk checks it). */
export const wxPath: Check = (v) => (/^https?:\/\/\S+\/$/.test(v.trim()) ? null : p("wx_path"));

/** Several checks in order; the first failure wins. Empty optional values pass. */
export function all(...checks: Check[]): Check {
  return (v) => {
    for (const c of checks) {
      const r = c(v);
      if (r) return r;
    }
    return null;
  };
}

/** An antd Form rule running `check` on a non-empty value (required-ness is a separate rule). */
export function rule(check: Check) {
  return {
    validator: async (_: unknown, value: unknown) => {
      const v = value == null ? "" : String(value);
      if (v === "") return;
      const r = check(v);
      if (r) throw new Error(problemText(r.key, r.params) ?? r.key);
    },
  };
}
