import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import type { Profile } from "../bindings/Profile";
import { call } from "../ipc/call";
import { onEvent } from "../ipc/events";

interface ActiveProfileState {
  /** The active profile; null until the first answer (or when the store could not be read). */
  profile: Profile | null;
  /** Whether desk counts the active profile as production (desk decides, by its own rules). */
  production: boolean;
  /** Re-reads the active profile (after a page changed its keys or settings). */
  reload: () => Promise<void>;
}

const Ctx = createContext<ActiveProfileState>({ profile: null, production: false, reload: async () => {} });

/** Keeps the active profile for the whole window: read once, then follow the shell's `profile-changed`. */
export function ActiveProfileProvider({ children }: { children: ReactNode }) {
  const [profile, setProfile] = useState<Profile | null>(null);
  // desk decides what is production (its label or where its requests go) and says so on the profile.
  const production = !!profile?.production;
  const reload = useCallback(async () => {
    try {
      setProfile(await call("profile_active"));
    } catch {
      setProfile(null);
    }
  }, []);
  useEffect(() => {
    void reload();
    const off = onEvent("profile-changed", setProfile);
    return () => {
      void off.then((f) => f());
    };
  }, [reload]);
  return <Ctx.Provider value={{ profile, production, reload }}>{children}</Ctx.Provider>;
}

/** The active profile (null while loading). */
export function useActiveProfile(): Profile | null {
  return useContext(Ctx).profile;
}

/** The active profile and a way to re-read it. */
export function useActiveProfileState(): ActiveProfileState {
  return useContext(Ctx);
}
