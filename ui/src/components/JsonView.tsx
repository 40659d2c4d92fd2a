import type { ReactNode } from "react";

/**
 * A read-only JSON viewer: indented, coloured by type. Strings that hold JSON (dougong nests objects as
 * JSON text, e.g. `card_info`) are opened in place so the masked inner fields are readable too.
 */
export function JsonView({ text, id }: { text: string | null | undefined; id?: string }) {
  if (text == null || text === "") return <pre id={id} style={preStyle}>—</pre>;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return <pre id={id} style={preStyle}>{text}</pre>;
  }
  return <pre id={id} style={preStyle}>{render(value, 0)}</pre>;
}

const preStyle = {
  fontFamily: "monospace", fontSize: 12, background: "#fafafa", border: "1px solid #f0f0f0", borderRadius: 6,
  padding: 12, maxHeight: 420, overflow: "auto", whiteSpace: "pre-wrap" as const, wordBreak: "break-all" as const, margin: 0,
};

const pad = (n: number) => "  ".repeat(n);

function nested(s: string): unknown {
  const x = s.trim();
  if (!(x.startsWith("{") || x.startsWith("["))) return undefined;
  try {
    return JSON.parse(x);
  } catch {
    return undefined;
  }
}

function render(v: unknown, depth: number): ReactNode {
  if (v === null) return <span style={{ color: "#999" }}>null</span>;
  if (typeof v === "string") {
    const inner = nested(v);
    if (inner !== undefined && typeof inner === "object") {
      return <span title="JSON text">{render(inner, depth)}</span>;
    }
    return <span style={{ color: "#0a7d32" }}>{JSON.stringify(v)}</span>;
  }
  if (typeof v === "number" || typeof v === "boolean") return <span style={{ color: "#1d39c4" }}>{String(v)}</span>;
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return (
      <>
        {"[\n"}
        {v.map((x, i) => (
          <span key={i}>{pad(depth + 1)}{render(x, depth + 1)}{i < v.length - 1 ? ",\n" : "\n"}</span>
        ))}
        {pad(depth)}{"]"}
      </>
    );
  }
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 0) return "{}";
  return (
    <>
      {"{\n"}
      {entries.map(([k, x], i) => (
        <span key={k}>
          {pad(depth + 1)}<span style={{ color: "#a0116e" }}>{JSON.stringify(k)}</span>: {render(x, depth + 1)}
          {i < entries.length - 1 ? ",\n" : "\n"}
        </span>
      ))}
      {pad(depth)}{"}"}
    </>
  );
}
