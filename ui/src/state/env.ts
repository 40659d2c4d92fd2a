import type { Environment } from "../bindings/Environment";
import type { T } from "../i18n";

export type Env = Environment;

/** Prod is red so nobody mistakes it; the others are calm. */
export function envColor(env: Env): string {
  return env === "prod" ? "red" : env === "joint_debug" ? "orange" : "green";
}

export function envLabel(t: T, env: Env): string {
  return t(env === "prod" ? "env.prod" : env === "joint_debug" ? "env.joint" : "env.sandbox");
}
