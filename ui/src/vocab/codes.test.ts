import { describe, expect, it } from "vitest";
import { codeOf, colorOf, realnameStage, type Colors } from "./codes";

describe("status codes as types", () => {
  it("reads a known code, refuses an unknown or absent one", () => {
    expect(codeOf("applyStatus", "Y")).toBe("Y");
    expect(codeOf("applyStatus", "Z")).toBeNull();
    expect(codeOf("applyStatus", null)).toBeNull();
    expect(codeOf("applyStatus", "toString")).toBeNull();
  });
  it("colours an unknown code with the fallback", () => {
    const colors: Colors<"bindStatus"> = { Y: "success", N: "default", C: "default", unknown: "warning" };
    expect(colorOf("bindStatus", colors, "Y")).toBe("success");
    expect(colorOf("bindStatus", colors, "Q")).toBe("warning");
  });
});

describe("realname stages", () => {
  it("reads both channels' codes; an unknown code has no stage", () => {
    expect(realnameStage("APPLYMENT_STATE_WAITTING_FOR_CONFIRM_LEGALPERSON")).toBe("waiting");
    expect(realnameStage("AUDIT_REJECT")).toBe("ended");
    expect(realnameStage("NOT_APPLY")).toBe("none");
    expect(realnameStage("SOMETHING_NEW")).toBeNull();
  });
});
