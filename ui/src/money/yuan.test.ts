import { describe, expect, it } from "vitest";
import { fenToYuan, MoneyError, yuanToFen } from "./yuan";

function problem(text: string, field = "amount", opts = {}) {
  try {
    yuanToFen(text, field, opts);
  } catch (e) {
    expect(e).toBeInstanceOf(MoneyError);
    return { field: (e as MoneyError).field, problem: (e as MoneyError).problem };
  }
  throw new Error(`${text} was accepted`);
}

describe("yuanToFen", () => {
  it("converts plain amounts exactly", () => {
    expect(yuanToFen("0.01", "amount")).toBe(1);
    expect(yuanToFen("12.3", "amount")).toBe(1230);
    expect(yuanToFen("12.30", "amount")).toBe(1230);
    expect(yuanToFen(" 7 ", "amount")).toBe(700);
    expect(yuanToFen("0.29", "amount")).toBe(29); // 0.29 * 100 is 28.999999999999996 as a float
    expect(yuanToFen("1.", "amount")).toBe(100);
    expect(yuanToFen("007.05", "amount")).toBe(705);
    expect(yuanToFen("100000000.00", "amount")).toBe(10_000_000_000);
  });

  it("refuses what is not a plain amount, naming the field", () => {
    expect(problem("1.234", "refundAmount")).toEqual({ field: "refundAmount", problem: "decimals" });
    expect(problem("-1")).toEqual({ field: "amount", problem: "negative" });
    expect(problem("-0.01").problem).toBe("negative");
    expect(problem("100000000.01").problem).toBe("tooLarge");
    expect(problem("99999999999999999999").problem).toBe("tooLarge");
    expect(problem("1e3").problem).toBe("format");
    expect(problem("12,30").problem).toBe("format");
    expect(problem("¥1").problem).toBe("format");
    expect(problem(".5").problem).toBe("format");
    expect(problem("").problem).toBe("empty");
    expect(problem("0").problem).toBe("zero");
    expect(problem("0.00").problem).toBe("zero");
  });

  it("accepts zero when asked and a lower cap", () => {
    expect(yuanToFen("0", "min", { allowZero: true })).toBe(0);
    expect(problem("2.00", "amount", { maxFen: 150 }).problem).toBe("tooLarge");
    expect(yuanToFen("1.50", "amount", { maxFen: 150 })).toBe(150);
  });
});

describe("fenToYuan", () => {
  it("formats with two decimals and a sign", () => {
    expect(fenToYuan(1)).toBe("0.01");
    expect(fenToYuan(1230)).toBe("12.30");
    expect(fenToYuan(-5)).toBe("-0.05");
    expect(fenToYuan(0)).toBe("0.00");
  });
});
