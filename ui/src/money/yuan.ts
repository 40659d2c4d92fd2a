/**
 * Money at the client edge: people type yuan ("12.30"), desk takes integer fen. Parsed as text, digit by
 * digit, never through a float (0.1 + 0.2 is not 0.3), and refused with the field's name when it is not a
 * plain amount of at most two decimals.
 */

/** Why an amount was refused (the page maps it to words). */
export type MoneyProblem = "empty" | "format" | "decimals" | "negative" | "zero" | "tooLarge";

/** A refused amount, naming the form field it came from. */
export class MoneyError extends Error {
  constructor(
    public readonly field: string,
    public readonly problem: MoneyProblem,
  ) {
    super(`${field}: ${problem}`);
    this.name = "MoneyError";
  }
}

/** The largest amount any form here accepts: 100 000 000.00 yuan (far above dougong's single-trade limit). */
export const MAX_FEN = 10_000_000_000;

export interface YuanOptions {
  /** Accept 0 (filters); amounts sent as payments or refunds must be positive. */
  allowZero?: boolean;
  maxFen?: number;
}

/** "12.3" → 1230 fen. Throws [`MoneyError`] naming `field` for anything but a plain non-negative amount. */
export function yuanToFen(text: string, field: string, opts: YuanOptions = {}): number {
  const s = (text ?? "").trim();
  if (s === "") throw new MoneyError(field, "empty");
  if (s.startsWith("-")) throw new MoneyError(field, "negative");
  const m = /^(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) throw new MoneyError(field, "format");
  const [, whole, frac = ""] = m;
  if (frac.length > 2) throw new MoneyError(field, "decimals");
  const digits = whole.replace(/^0+(?=\d)/, "");
  // Before any arithmetic: more than 11 integer digits cannot be within MAX_FEN and could lose precision.
  if (digits.length > 11) throw new MoneyError(field, "tooLarge");
  const fen = Number(digits) * 100 + Number(frac.padEnd(2, "0"));
  if (fen > (opts.maxFen ?? MAX_FEN)) throw new MoneyError(field, "tooLarge");
  if (fen === 0 && !opts.allowZero) throw new MoneyError(field, "zero");
  return fen;
}

/** 1230 → "12.30"; negative amounts keep their sign ("-0.05"). */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
