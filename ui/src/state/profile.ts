import type { Env } from "./env";

export interface ActiveProfile {
  name: string;
  env: Env;
}

/** The active profile; null until desk's profiles service is wired. */
export function useActiveProfile(): ActiveProfile | null {
  return null;
}
