import { describe, expect, it } from "vitest";
import { zhCN } from "./zh-CN";
import { en } from "./en";
import { translate } from "./index";

describe("dictionaries", () => {
  it("have the same keys and no empty text", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const [k, v] of [...Object.entries(zhCN), ...Object.entries(en)]) expect(v.trim(), k).not.toBe("");
  });

  it("keep the same placeholders in every language", () => {
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join(",");
    for (const k of Object.keys(zhCN) as (keyof typeof zhCN)[]) expect(holes(en[k]), k).toBe(holes(zhCN[k]));
  });

  it("fills placeholders", () => {
    expect(translate("en", "page.pending", { what: "refunds" })).toBe("This page's service is not wired yet: refunds");
  });
});
