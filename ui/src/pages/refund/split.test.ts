import { describe, expect, it } from "vitest";
import type { SplitPart } from "../../bindings/SplitPart";
import { checkSplitRefund, proRata } from "./split";

const A = "6666000100000001";
const B = "6666000100000002";
const left: SplitPart[] = [
  { huifuId: A, amountFen: 45 },
  { huifuId: B, amountFen: 5 },
];

describe("checkSplitRefund", () => {
  it("accepts parts adding up to the amount, each within its receiver's part, leaving out empty rows", () => {
    const r = checkSplitRefund([{ huifuId: A, amount: "0.25" }, { huifuId: B, amount: "" }], 25, left);
    expect(r.problems).toEqual([]);
    expect(r.parts).toEqual([{ huifuId: A, amountFen: 25 }]);
    expect(checkSplitRefund([{ huifuId: A, amount: "0.45" }, { huifuId: B, amount: "0.05" }], 50, left).parts).toHaveLength(2);
    expect(checkSplitRefund([{ huifuId: A, amount: "0.30" }, { huifuId: B, amount: "0" }], 30, left).parts).toEqual([{ huifuId: A, amountFen: 30 }]);
  });

  it("refuses a receiver giving back more than its part still refundable, naming the row", () => {
    const r = checkSplitRefund([{ huifuId: A, amount: "0.04" }, { huifuId: B, amount: "0.06" }], 10, left);
    expect(r.parts).toBeNull();
    expect(r.problems).toEqual([{ index: 1, kind: "overPart", maxFen: 5 }]);
  });

  it("refuses parts not adding up to the refund amount", () => {
    const r = checkSplitRefund([{ huifuId: A, amount: "0.20" }, { huifuId: B, amount: "0.05" }], 30, left);
    expect(r.parts).toBeNull();
    expect(r.problems).toEqual([{ kind: "sum", sumFen: 25, amountFen: 30 }]);
  });

  it("refuses bad amounts, strangers and an all-empty split", () => {
    expect(checkSplitRefund([{ huifuId: A, amount: "0.123" }], 10, left).problems).toEqual([{ index: 0, kind: "money", problem: "decimals" }]);
    expect(checkSplitRefund([{ huifuId: A, amount: "-1" }], 10, left).problems).toEqual([{ index: 0, kind: "money", problem: "negative" }]);
    expect(checkSplitRefund([{ huifuId: "6666000199999999", amount: "0.10" }], 10, left).problems).toEqual([{ index: 0, kind: "notReceiver" }]);
    expect(checkSplitRefund([{ huifuId: A, amount: "" }, { huifuId: B, amount: "0.00" }], 10, left).problems).toEqual([{ kind: "empty" }]);
  });

  it("checks the rows alone while the amount itself is not valid", () => {
    expect(checkSplitRefund([{ huifuId: A, amount: "0.10" }], null, left).parts).toEqual([{ huifuId: A, amountFen: 10 }]);
  });
});

describe("proRata", () => {
  it("shares the amount by what each can still give back, the remainder first to those with room", () => {
    expect(proRata(50, left)).toEqual([{ huifuId: A, amount: "0.45" }, { huifuId: B, amount: "0.05" }]);
    expect(proRata(30, left)).toEqual([{ huifuId: A, amount: "0.27" }, { huifuId: B, amount: "0.03" }]);
    expect(proRata(7, left)).toEqual([{ huifuId: A, amount: "0.07" }, { huifuId: B, amount: "0.00" }]);
    const rows = proRata(33, left);
    expect(checkSplitRefund(rows, 33, left).problems).toEqual([]);
  });
});
