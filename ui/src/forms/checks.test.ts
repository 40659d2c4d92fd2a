import { describe, expect, it } from "vitest";
import { bankCard, date8, email, idCard, idCardCheckDigit, luhn, mcc, mobile, oneOf, percent, required, uscc, wxAppid, wxPath } from "./checks";

// The same vectors as crates/desk/src/checks.rs tests, so the form and desk agree.
describe("checks mirror desk::checks", () => {
  it("id card check digit catches typos", () => {
    expect(idCard("11010519491231002X")).toBeNull(); // the standard's own example
    expect(idCard("11010519491231002x")).toBeNull();
    expect(idCard("110105194912310021")?.key).toBe("id_card_check");
    expect(idCardCheckDigit("11010519491231002")).toBe("X");
    expect(idCard("110105194913310021")?.key).toBe("id_card_birth");
    expect(idCard("12345")?.key).toBe("id_card_format");
  });

  it("uscc check character", () => {
    expect(uscc("91350100M000100Y43")).toBeNull();
    expect(uscc("91350100M000100Y44")).not.toBeNull(); // wrong check character
    expect(uscc("91350100M000100I43")?.key).toBe("uscc_char"); // I never appears
  });

  it("luhn and mobile", () => {
    expect(bankCard("4111111111111111")).toBeNull();
    expect(bankCard("4111111111111112")?.key).toBe("card_luhn");
    expect(luhn("6222020200112233445")).toBe(false);
    expect(mobile("13812345678")).toBeNull();
    expect(mobile("12812345678")).not.toBeNull();
    expect(percent("0.38")).toBeNull();
    expect(percent("0.385")).not.toBeNull();
    expect(percent("101")).not.toBeNull();
  });

  it("WeChat appid and pay path, as desk checks them", () => {
    expect(wxAppid("wx0123456789abcdef")).toBeNull();
    expect(wxAppid("wx123")?.key).toBe("wx_appid");
    expect(wxAppid("xw0123456789abcdef")?.key).toBe("wx_appid");
    expect(wxPath("https://shop.example.com/pay/")).toBeNull();
    expect(wxPath("https://shop.example.com/pay")?.key).toBe("wx_path");
    expect(wxPath("ftp://shop.example.com/")?.key).toBe("wx_path");
  });

  it("lengths, enums, dates, e-mail, mcc", () => {
    expect(required(4)("   ")?.key).toBe("required");
    expect(required(4)("汇付天下a")).toEqual({ key: "too_long", params: { n: 5, max: 4 } });
    expect(required(4)("汇付天下")).toBeNull(); // counted as characters, not bytes
    expect(oneOf(["ONLINE", "OFFLINE", "ALL"])("ONLINE")).toBeNull();
    expect(oneOf(["ONLINE", "OFFLINE", "ALL"])("online")).not.toBeNull();
    expect(date8("20260230")).toBeNull(); // desk checks only month 1–12 and day 1–31
    expect(date8("20261301")).not.toBeNull();
    expect(email(32)("a@b.cn")).toBeNull();
    expect(email(32)("a@b")).not.toBeNull();
    expect(email(32)("a b@c.cn")).not.toBeNull();
    expect(mcc("5411")).toBeNull();
    expect(mcc("54")).not.toBeNull();
  });
});
