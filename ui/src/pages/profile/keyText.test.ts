import { describe, expect, it } from "vitest";
import { checkKeyText } from "./keyText";

// Shapes of real keys (2048-bit): lengths and alphabets matter here, not the numbers.
const PUBLIC_B64 = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + "A".repeat(340) + "IDAQAB";
const PRIVATE_B64 = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ" + "B".repeat(1560) + "==";
const pem = (label: string, b64: string) =>
  `-----BEGIN ${label}-----\n${(b64.match(/.{1,64}/g) ?? []).join("\n")}\n-----END ${label}-----\n`;

describe("checkKeyText", () => {
  it("accepts bare base64 and PEM in the right field", () => {
    expect(checkKeyText(PRIVATE_B64, "private")).toBeNull();
    expect(checkKeyText(pem("PRIVATE KEY", PRIVATE_B64), "private")).toBeNull();
    expect(checkKeyText(pem("RSA PRIVATE KEY", PRIVATE_B64), "private")).toBeNull();
    expect(checkKeyText(`  ${PUBLIC_B64}\n`, "public")).toBeNull();
    expect(checkKeyText(pem("PUBLIC KEY", PUBLIC_B64), "public")).toBeNull();
  });

  it("names the usual paste mistakes", () => {
    expect(checkKeyText("", "private")).toBe("empty");
    expect(checkKeyText("   \n", "public")).toBe("empty");
    expect(checkKeyText(undefined, "public")).toBe("empty");
    expect(checkKeyText(PUBLIC_B64, "private")).toBe("publicInPrivate");
    expect(checkKeyText(pem("PUBLIC KEY", PUBLIC_B64), "private")).toBe("publicInPrivate");
    expect(checkKeyText(PRIVATE_B64, "public")).toBe("privateInPublic");
    expect(checkKeyText(pem("PRIVATE KEY", PRIVATE_B64), "public")).toBe("privateInPublic");
    expect(checkKeyText(pem("CERTIFICATE", PUBLIC_B64), "public")).toBe("certificate");
    expect(checkKeyText(pem("ENCRYPTED PRIVATE KEY", PRIVATE_B64), "private")).toBe("encrypted");
    expect(checkKeyText(pem("PRIVATE KEY", PRIVATE_B64).split("-----END")[0], "private")).toBe("truncated");
    expect(checkKeyText(PRIVATE_B64.slice(0, 100) + "中文" + PRIVATE_B64.slice(100), "private")).toBe("notBase64");
    expect(checkKeyText("MIIBIjAN", "public")).toBe("tooShort");
  });

  it("tolerates line breaks inside bare base64 (copied from a console)", () => {
    expect(checkKeyText((PUBLIC_B64.match(/.{1,76}/g) ?? []).join("\r\n"), "public")).toBeNull();
  });
});
