import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { Events } from "../bindings/commands";

/** Subscribes to an event the shell declares; the payload type comes from the generated event map. */
export function onEvent<K extends keyof Events>(name: K, handler: (payload: Events[K]) => void): Promise<UnlistenFn> {
  return listen<Events[K]>(name, (e) => handler(e.payload));
}
