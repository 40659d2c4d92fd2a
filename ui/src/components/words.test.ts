import { describe, expect, it } from "vitest";
import { VOCAB } from "../bindings/vocab";
import { fill, hintText, problemText, wordOf } from "../hooks/useWords";
import { beijing } from "./BeijingTime";
import { errorWords } from "../ipc/errors";
import { translate } from "../i18n";
import type { IpcError } from "../bindings/IpcError";

const han = /[\u4e00-\u9fff]/;

describe("words for codes (desk's vocabularies)", () => {
  it("say a code in either language and never invent a word for an unknown one", () => {
    expect(wordOf("realnameState", "APPLYMENT_STATE_WAITTING_FOR_CONFIRM_LEGALPERSON", "zh-CN")).toBe("待法人扫码确认");
    expect(wordOf("tradeType", "A_NATIVE", "en")).toBe("Alipay QR");
    expect(wordOf("applyStatus", "Q", "zh-CN")).toBeNull();
    expect(wordOf("applyStatus", "constructor", "en")).toBeNull();
  });

  it("every zh word has Chinese and no English word has any", () => {
    for (const [name, table] of Object.entries(VOCAB))
      for (const [code, [zh, en]] of Object.entries(table as Record<string, readonly [string, string]>)) {
        expect(han.test(zh), `${name}.${code} zh`).toBe(true);
        expect(han.test(en), `${name}.${code} en`).toBe(false);
      }
  });

  it("fills a field problem's parameters from desk's pairs", () => {
    expect(problemText("too_long", [["n", "70"], ["max", "64"]], "zh-CN")).toBe("共 70 个字符，最多 64 个");
    expect(problemText("too_long", { n: 70, max: 64 }, "en")).toBe("is 70 characters; at most 64");
    expect(fill("{a}-{a}", { a: 1 })).toBe("1-1");
  });

  it("says a hint by key, or by the English text an older row kept", () => {
    expect(hintText("bill_config_off", null, "zh-CN")).toMatch(/对账单/);
    const en = VOCAB.hint.wx_realname[1];
    expect(hintText(null, en, "zh-CN")).toBe(VOCAB.hint.wx_realname[0]);
  });
});

describe("errors in the window's language", () => {
  const base: IpcError = { code: "not_sent", message: "not sent: connection refused", respCode: null, respDesc: null, hint: null, field: null, hintKey: null, key: null, params: [] };
  const t = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate("zh-CN", k, v);
  it("a zh-CN window shows no English: the code's words, the English only as technical detail", () => {
    localStorage.setItem("paydesk.lang", "zh-CN");
    const w = errorWords(base, t);
    expect(han.test(w.text)).toBe(true);
    expect(w.detail).toBe(base.message);
    const refused = errorWords({ ...base, code: "refused", respCode: "23000001", respDesc: "对账单配置不存在" }, t);
    expect(refused.text).toContain("对账单配置不存在");
    const field = errorWords({ ...base, code: "invalid_input", key: "id_card_check", field: "legal_cert_no" }, t);
    expect(field).toEqual({ text: "校验位不对（是否输错了某一位？）", detail: null });
  });
});

describe("Beijing time", () => {
  it("turns desk's UTC stamps into Beijing wall time", () => {
    expect(beijing("2026-11-30T17:30:05Z")).toBe("2026-12-01 01:30:05");
    expect(beijing("2026-11-30T17:30:05+08:00")).toBe("2026-11-30 17:30:05");
    expect(beijing(undefined)).toBe("");
  });
});
