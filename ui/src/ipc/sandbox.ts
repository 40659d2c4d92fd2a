import type { ControlMethod } from "../bindings/ControlMethod";
import { call } from "./call";

/** One call to a /sandbox/... control of the built-in sandbox (see crates/sandbox/README.md). */
export async function control<T = unknown>(method: ControlMethod, path: string, body?: unknown): Promise<T> {
  const r = await call("sandbox_control", { method, path, body });
  return r.json as T;
}
