// Errors of a form's call marked on the field desk named (desk speaks wire names, the forms camelCase).
import { useCallback } from "react";
import type { FormInstance } from "antd";
import { useNavigate } from "react-router-dom";
import type { IpcError } from "../bindings/IpcError";
import { asIpcError, handleError } from "../ipc/errors";
import { useI18n } from "../i18n";

/** Wire field (`card_info.card_no`, `legal_cert_no`) → form path (`["card", "cardNo"]`, `["legalCertNo"]`). */
export function formPath(field: string): string[] {
  return field.split(".").map((p) => (p === "card_info" ? "card" : p.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())));
}

/** handleError with desk's wire field names mapped onto the camelCase form. */
export function useFormError(form?: FormInstance) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return useCallback(
    (raw: unknown): IpcError => {
      const e = asIpcError(raw);
      const mapped = e.field ? { ...e, field: formPath(e.field).join(".") } : e;
      return handleError(mapped, { t, form, navigate });
    },
    [t, form, navigate],
  );
}
