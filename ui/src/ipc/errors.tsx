import type { FormInstance } from "antd";
import { Button, Tooltip, notification } from "antd";
import type { IpcError } from "../bindings/IpcError";
import type { ErrorCode } from "../bindings/ErrorCode";
import type { HintKey } from "../bindings/vocab";
import { codeOf } from "../vocab/codes";
import { isIpcError } from "./call";
import { currentLang, type MessageKey, type T } from "../i18n";
import { hintText, problemText } from "../hooks/useWords";

/** Where the user fixes a refusal: by the hint's key (desk's `hint` vocabulary, so a renamed key breaks the
 * build) and the error code, never by words in a message. */
const HINT_ROUTE: Partial<Record<HintKey, string>> = {
  wx_realname: "/realname?channel=wechat",
  ali_realname: "/realname?channel=alipay",
  appid_not_bound: "/wxconfig",
  openid_other_appid: "/wxconfig",
  jsapi_path: "/wxconfig",
  no_route: "/busi",
  several_channels: "/busi",
  function_not_open: "/busi",
  split_sum: "/split",
  split_config_missing: "/split",
  bill_config_off: "/bill",
  bill_not_generated: "/bill",
  no_api_permission: "/profile",
  ids_mismatch: "/profile",
};

/** Errors whose fix is on a page whatever Huifu said: the keys. */
const CODE_ROUTE: Partial<Record<ErrorCode, string>> = { keychain: "/profile", key_missing: "/profile", key_invalid: "/profile", signature: "/profile" };

export function fixRoute(e: IpcError): string | null {
  const hint = codeOf("hint", e.hintKey);
  if (hint && HINT_ROUTE[hint]) return HINT_ROUTE[hint];
  return CODE_ROUTE[e.code] ?? null;
}

/**
 * The headline of an error. A write whose outcome is open must never read "failed": desk keeps it as
 * "sent, outcome unknown" until reconcile settles it, and the desk's words must stay true.
 */
export function errorTitle(e: IpcError, t: T): string {
  switch (e.code) {
    case "not_implemented":
      return t("common.notImplemented");
    case "outcome_unknown":
    case "signature":
    case "decode":
      return t("error.titleUnknown");
    case "in_flight":
      return t("error.titleBusy");
    case "unsettled":
      return t("error.titleUnsettled");
    default:
      return t("error.title");
  }
}

/** Turns anything a command threw into the IPC error shape. */
export function asIpcError(e: unknown): IpcError {
  // Older shapes (a Channel error, a hand-made test error) may lack the vocabulary fields.
  if (isIpcError(e)) return { ...e, hintKey: e.hintKey ?? null, key: e.key ?? null, params: e.params ?? [] };
  return { code: "internal", message: String(e), respCode: null, respDesc: null, hint: null, field: null, hintKey: null, key: null, params: [] };
}

/**
 * Desk refused a write before recording any intent (bad input, a repeat not yet confirmed, another write on
 * the same thing still open, no production confirmation): nothing went out and the write's id is unused, so
 * the same form may submit it again once the person has fixed what was named.
 */
export function refusedBeforeSending(e: IpcError): boolean {
  return e.code === "invalid_input" || e.code === "confirm_repeat" || e.code === "unsettled" || e.code === "confirmation_required";
}

/** After a write failed: Huifu refused it (nothing created, the id is spent) → a fresh id for the retry. */
export function spentId(e: IpcError): boolean {
  return e.code === "refused";
}

/**
 * What a person reads for an error, in the window's language: a field problem from its key, a refusal by
 * Huifu's own (Chinese) words, anything else by its code. `detail` is desk's English message, shown only
 * when it is the one text there is (English UI) or on demand (zh-CN: "技术细节").
 */
export function errorWords(e: IpcError, t: T): { text: string; detail: string | null } {
  const lang = currentLang();
  const p = e.key ? problemText(e.key, e.params, lang) : null;
  if (p) return { text: p, detail: null };
  // A refusal is said in the window's language; Huifu's own words (always Chinese) follow on their own
  // line, labelled, as data quoted from Huifu.
  if (e.code === "refused") return { text: lang === "en" ? t("error.code.refused") : e.respDesc ? `${t("error.refusedBy")}：${e.respDesc}` : t("error.code.refused"), detail: e.message };
  if (lang === "en") return { text: e.message, detail: null };
  return { text: t(`error.code.${e.code}` as MessageKey), detail: e.message };
}

/** An error shown under its form item: the words in the window's language, desk's English on hover. */
export function fieldWords(e: IpcError, t: T): string {
  const words = errorWords(e, t);
  return (words.detail ? <Tooltip title={words.detail}><span>{words.text}</span></Tooltip> : words.text) as unknown as string;
}

export interface HandleOptions {
  t: T;
  /** The form whose item is marked when the error names a field. */
  form?: FormInstance;
  navigate?: (to: string) => void;
}

/**
 * The one IPC error handler (style.md habit 10): branches on `code`, never on text.
 * - invalid_input with a field: the message lands on that form item;
 * - refused: a notification with resp_code, resp_desc, the plain hint and a button to the fixing page;
 * - everything else: a notification with the message.
 */
export function handleError(raw: unknown, { t, form, navigate }: HandleOptions): IpcError {
  const e = asIpcError(raw);
  const lang = currentLang();
  const words = errorWords(e, t);
  if (e.code === "invalid_input" && e.field && form) {
    const name = e.field.split(".");
    if (form.getFieldInstance?.(name) !== undefined || form.getFieldsValue(true)[name[0]] !== undefined) {
      form.setFields([{ name, errors: [fieldWords(e, t)] }]);
      form.scrollToField?.(name);
      return e;
    }
  }
  const to = fixRoute(e);
  const hint = hintText(e.hintKey, e.hint, lang);
  const description = (
    <div data-testid="error-detail" data-code={e.code} data-key={e.key ?? ""} data-hint-key={e.hintKey ?? ""}>
      <div className="error-text">{words.text}</div>
      {e.respCode && (
        <div className="error-huifu">
          {t("error.respCode")}: <code>{e.respCode}</code> {e.respDesc}
        </div>
      )}
      {hint && (
        <div className="error-hint">
          {t("error.hint")}: {hint}
        </div>
      )}
      {e.field && (
        <div>
          {t("error.field")}: <code>{e.field}</code>
        </div>
      )}
      {words.detail && (
        <details className="error-tech">
          <summary>{t("error.technical")}</summary>
          <code style={{ fontSize: 11 }}>{words.detail}</code>
        </details>
      )}
    </div>
  );
  const key = `err-${Date.now()}`;
  notification.error({
    key,
    title: errorTitle(e, t),
    description,
    duration: 8,
    actions:
      to && navigate ? (
        <Button
          type="primary"
          size="small"
          id="error-fix-btn"
          onClick={() => {
            notification.destroy(key);
            navigate(to);
          }}
        >
          {t("common.goFix")}
        </Button>
      ) : undefined,
  });
  return e;
}
