import type { SplitPart } from "../../bindings/SplitPart";
import { fenToYuan, MoneyError, yuanToFen } from "../../money/yuan";

/** One receiver's row in the split refund form: its huifu_id (fixed by the trade) and what it gives back. */
export interface SplitRow {
  huifuId: string;
  amount: string;
}

/** Why a split refund is refused before sending. `index` names the row; the sum problem has none. */
export type SplitProblem =
  | { index: number; kind: "money"; problem: MoneyError["problem"] }
  | { index: number; kind: "overPart"; maxFen: number }
  | { index: number; kind: "notReceiver" }
  | { kind: "sum"; sumFen: number; amountFen: number }
  | { kind: "empty" };

export interface SplitCheck {
  /** The parts desk sends (receivers giving nothing back left out); null while a problem stands. */
  parts: SplitPart[] | null;
  problems: SplitProblem[];
}

/**
 * Checks a split refund the way Huifu will (`23000003`): every row a receiver of the trade giving back at most
 * its part still refundable, the parts adding up to the refund amount. An empty or zero row means "this
 * receiver gives nothing back" and is left out of the request.
 */
export function checkSplitRefund(rows: SplitRow[], amountFen: number | null, left: SplitPart[]): SplitCheck {
  const problems: SplitProblem[] = [];
  const parts: SplitPart[] = [];
  rows.forEach((r, index) => {
    const text = (r.amount ?? "").trim();
    if (text === "") return;
    let fen: number;
    try {
      fen = yuanToFen(text, `split[${index}].amount`, { allowZero: true });
    } catch (e) {
      if (e instanceof MoneyError) return void problems.push({ index, kind: "money", problem: e.problem });
      throw e;
    }
    if (fen === 0) return;
    const part = left.find((p) => p.huifuId === r.huifuId);
    if (!part) return void problems.push({ index, kind: "notReceiver" });
    if (fen > part.amountFen) return void problems.push({ index, kind: "overPart", maxFen: part.amountFen });
    parts.push({ huifuId: r.huifuId, amountFen: fen });
  });
  if (problems.length === 0) {
    const sumFen = parts.reduce((a, p) => a + p.amountFen, 0);
    if (parts.length === 0) problems.push({ kind: "empty" });
    else if (amountFen !== null && sumFen !== amountFen) problems.push({ kind: "sum", sumFen, amountFen });
  }
  return { parts: problems.length === 0 ? parts : null, problems };
}

/**
 * Shares `amountFen` among the receivers in proportion to what each can still give back (rounded down, the
 * remainder given to the receivers with room left, in order), so a person can start from a valid split.
 */
export function proRata(amountFen: number, left: SplitPart[]): SplitRow[] {
  const total = left.reduce((a, p) => a + p.amountFen, 0);
  const shares = left.map((p) => (total > 0 ? Math.floor((amountFen * p.amountFen) / total) : 0));
  let rest = Math.min(amountFen, total) - shares.reduce((a, x) => a + x, 0);
  for (let i = 0; i < left.length && rest > 0; i++) {
    const add = Math.min(rest, left[i].amountFen - shares[i]);
    shares[i] += add;
    rest -= add;
  }
  return left.map((p, i) => ({ huifuId: p.huifuId, amount: fenToYuan(shares[i]) }));
}
