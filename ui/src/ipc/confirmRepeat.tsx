import type { ModalStaticFunctions } from "antd/es/modal/confirm";
import { asIpcError } from "./errors";
import type { T } from "../i18n";
import { problemText } from "../hooks/useWords";

/**
 * A refund of the same trade and amount as a recent one is refused by desk with `confirm_repeat` until the
 * person says it is meant. Runs `send(false)`; on that refusal asks in the window's language (desk's
 * `refund_repeat` words, naming the earlier refund) and, on yes, `send(true)` — desk records in the audit log that the repeat was confirmed.
 * On no it answers `null`: nothing was sent and nothing is wrong, so no error is shown. Any other error is
 * thrown as it came.
 */
export async function withRepeatConfirm<R>(modal: Pick<ModalStaticFunctions, "confirm">, t: T, send: (allowRepeat: boolean) => Promise<R>): Promise<R | null> {
  try {
    return await send(false);
  } catch (raw) {
    const e = asIpcError(raw);
    if (e.code !== "confirm_repeat") throw raw;
    const yes = await modal.confirm({
      title: t("error.repeatTitle"),
      content: <p id="repeat-confirm-body">{(e.key && problemText(e.key, e.params)) ?? e.message}</p>,
      okText: t("error.repeatOk"),
      okButtonProps: { id: "repeat-confirm-ok", danger: true },
      cancelText: t("common.cancel"),
      cancelButtonProps: { id: "repeat-confirm-cancel" },
    });
    if (!yes) return null;
    return await send(true);
  }
}
