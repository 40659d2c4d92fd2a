import type { FormInstance } from "antd";
import { Button, notification } from "antd";
import type { IpcError } from "../bindings/IpcError";
import { isIpcError } from "./call";
import type { T } from "../i18n";

/** Where the user fixes a refusal: Huifu codes and hint keywords → the page that resolves them. */
export function fixRoute(e: IpcError): string | null {
  const text = `${e.respDesc ?? ""} ${e.hint ?? ""}`;
  if (/实名|realname/i.test(text)) return "/realname";
  if (/appid|公众号|小程序|sub_appid/i.test(text)) return "/wechat";
  if (/终端|terminal/i.test(text)) return "/terminals";
  if (/分账|split/i.test(text)) return "/split";
  if (/开通|未开通|busi|business/i.test(text)) return "/business";
  if (/私钥|公钥|密钥|key|签名|sign/i.test(text) && e.code !== "invalid_input") return "/profiles";
  if (e.code === "keychain" || e.code === "key_missing" || e.code === "key_invalid") return "/profiles";
  return null;
}

/** Turns anything a command threw into the IPC error shape. */
export function asIpcError(e: unknown): IpcError {
  if (isIpcError(e)) return e;
  return { code: "internal", message: String(e), respCode: null, respDesc: null, hint: null, field: null };
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
  if (e.code === "invalid_input" && e.field && form) {
    const name = e.field.split(".");
    if (form.getFieldInstance?.(name) !== undefined || form.getFieldsValue(true)[name[0]] !== undefined) {
      form.setFields([{ name, errors: [e.message] }]);
      form.scrollToField?.(name);
      return e;
    }
  }
  const to = fixRoute(e);
  const description = (
    <div data-testid="error-detail" data-code={e.code}>
      <div>{e.message}</div>
      {e.respCode && (
        <div>
          {t("error.respCode")}: <code>{e.respCode}</code> {e.respDesc}
        </div>
      )}
      {e.hint && (
        <div>
          {t("error.hint")}: {e.hint}
        </div>
      )}
      {e.field && (
        <div>
          {t("error.field")}: <code>{e.field}</code>
        </div>
      )}
    </div>
  );
  const key = `err-${Date.now()}`;
  notification.error({
    key,
    title: e.code === "not_implemented" ? t("common.notImplemented") : t("error.title"),
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
