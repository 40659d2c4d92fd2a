import { Channel, invoke } from "@tauri-apps/api/core";
import type { Commands } from "../bindings/commands";
import type { IpcError } from "../bindings/IpcError";

export type CommandName = keyof Commands;
export type Req<K extends CommandName> = Commands[K]["req"];
export type Res<K extends CommandName> = Commands[K]["res"];
export type Progress<K extends CommandName> = Commands[K]["progress"];

type ReqArgs<K extends CommandName> = Req<K> extends null ? [] : [req: Req<K>];

/** Calls a declared command; the types come from the generated command map, never written by hand. */
export function call<K extends CommandName>(cmd: K, ...args: ReqArgs<K>): Promise<Res<K>> {
  return invoke<Res<K>>(cmd, args.length ? { req: args[0] } : {});
}

/** Calls a command that reports progress through a Channel (`on_progress` on the Rust side). */
export function callWithProgress<K extends CommandName>(
  cmd: K,
  req: Req<K>,
  onProgress: (p: Progress<K>) => void,
): Promise<Res<K>> {
  const channel = new Channel<Progress<K>>();
  channel.onmessage = onProgress;
  const args: Record<string, unknown> = { onProgress: channel };
  if (req !== null) args.req = req;
  return invoke<Res<K>>(cmd, args);
}

/** True when `e` has the IPC error shape the shell sends. */
export function isIpcError(e: unknown): e is IpcError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}
