import { describe, expect, it } from "vitest";
import type { Merchant } from "../../bindings/Merchant";
import { nextStep, stepLink } from "./index";
import { formPath } from "../../hooks/useFormError";

const m = (states: Record<string, string>): Merchant =>
  ({
    profile: "sandbox", huifuId: "6666000100000001", name: "x", kind: "ent", createdAt: "", updatedAt: "",
    steps: ["onboarded", "busi_open", "realname_wx", "realname_ali", "wx_config", "terminals", "split"].map((s) => ({ step: s, state: states[s] ?? "todo", detail: "" })),
  }) as unknown as Merchant;

describe("merchant journey", () => {
  it("the next action is the first step not done, linked with the huifu_id", () => {
    expect(nextStep(m({ onboarded: "done" }))).toBe("busi_open");
    expect(nextStep(m({ onboarded: "done", busi_open: "pending" }))).toBe("busi_open");
    const all = m(Object.fromEntries(["onboarded", "busi_open", "realname_wx", "realname_ali", "wx_config", "terminals", "split"].map((s) => [s, "done"])));
    expect(nextStep(all)).toBeNull();
    expect(stepLink("realname_ali", "6666000100000001")).toBe("/realname?channel=alipay&huifu_id=6666000100000001");
    expect(stepLink("busi_open", "6666000100000001")).toBe("/busi?huifu_id=6666000100000001");
  });

  it("desk's wire field names land on the camelCase form items", () => {
    expect(formPath("legal_cert_no")).toEqual(["legalCertNo"]);
    expect(formPath("card_info.card_no")).toEqual(["card", "cardNo"]);
    expect(formPath("license_pic")).toEqual(["licensePic"]);
  });
});
