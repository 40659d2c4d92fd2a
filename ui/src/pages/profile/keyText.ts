/**
 * Checks of pasted key text done in the form, before anything is sent: the usual paste mistakes (a public
 * key in the private field, a certificate, a cut-off PEM, stray characters) get a message on that field at
 * once. The real parse and the pair check are Rust's (profile_keys_check); this only catches what is
 * visibly wrong. Never returns or logs the text.
 */
export type KeyKind = "private" | "public";

export type KeyTextProblem =
  | "empty"
  | "publicInPrivate"
  | "privateInPublic"
  | "certificate"
  | "encrypted"
  | "truncated"
  | "notBase64"
  | "tooShort";

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]+)-----/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** A 2048-bit SPKI public key is ~392 base64 characters, a PKCS#8 private key ~1620. */
const SHORTEST_KEY = 200;
const LONGEST_PUBLIC = 1000;
const SHORTEST_PRIVATE = 600;

export function checkKeyText(raw: string | undefined | null, kind: KeyKind): KeyTextProblem | null {
  const text = (raw ?? "").trim();
  if (!text) return "empty";
  const begin = PEM_BEGIN.exec(text);
  if (begin) {
    const label = begin[1];
    if (!text.includes(`-----END ${label}-----`)) return "truncated";
    if (label === "CERTIFICATE") return "certificate";
    if (label === "ENCRYPTED PRIVATE KEY") return "encrypted";
    const isPrivate = label.endsWith("PRIVATE KEY");
    if (kind === "private" && !isPrivate) return "publicInPrivate";
    if (kind === "public" && isPrivate) return "privateInPublic";
    const body = text.slice(text.indexOf(begin[0]) + begin[0].length, text.indexOf(`-----END ${label}-----`));
    return bare(body.replace(/^[A-Za-z-]+:.*$/gm, ""), kind);
  }
  return bare(text, kind);
}

function bare(body: string, kind: KeyKind): KeyTextProblem | null {
  const b64 = body.replace(/\s+/g, "");
  if (!BASE64.test(b64)) return "notBase64";
  if (b64.length < SHORTEST_KEY) return "tooShort";
  if (kind === "private" && b64.length < SHORTEST_PRIVATE) return "publicInPrivate";
  if (kind === "public" && b64.length > LONGEST_PUBLIC) return "privateInPublic";
  return null;
}
