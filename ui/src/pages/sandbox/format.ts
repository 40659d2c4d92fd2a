/** Sandbox times are epoch milliseconds; shown as Beijing local time like the sandbox itself. */
export function fmtMillis(ms: unknown): string {
  if (typeof ms !== "number" || !ms) return "—";
  const d = new Date(ms + 8 * 3600_000);
  return d.toISOString().slice(0, 19).replace("T", " ");
}

/** Fen (integer) as yuan text. */
export function yuan(fen: unknown): string {
  return typeof fen === "number" ? (fen / 100).toFixed(2) : "—";
}
