import { describe, expect, it, vi } from "vitest";
import { render } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import { App as AntApp } from "antd";

vi.mock("@tauri-apps/api/core", () => ({
  invoke: vi.fn(async (cmd: string) => {
    if (cmd === "merchant_list") return [];
    if (cmd === "merchant_new_req_seq_id") return { reqSeqId: "20261130abc" };
    throw { code: "not_found", message: cmd };
  }),
  Channel: class {},
}));

// jsdom lacks ResizeObserver (antd Table/Select observe their size).
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
} as unknown as typeof ResizeObserver;

import { MerchantIndexPage } from "./index";
import { OnboardingPage } from "../onboarding";

describe("journey pages render", () => {
  it("merchants list and onboarding form", async () => {
    const a = render(<AntApp><MemoryRouter initialEntries={["/merchant"]}><MerchantIndexPage /></MemoryRouter></AntApp>);
    expect(a.container.querySelector("#merchants-page")).not.toBeNull();
    const b = render(<AntApp><MemoryRouter initialEntries={["/onboarding"]}><OnboardingPage /></MemoryRouter></AntApp>);
    expect(b.container.querySelector("#ent-form")).not.toBeNull();
    a.unmount();
    b.unmount();
  }, 120_000);
});
