import { useState } from "react";
import type { FormInstance } from "antd";
import { useI18n } from "../i18n";
import { handleError } from "./errors";

/**
 * One step of a card at a time: `busy` names the running one (its button spins); an error is shown by
 * handleError and, when the card has a form, marked on its field.
 */
export function useStep(form?: FormInstance) {
  const { t } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const step = async (name: string, f: () => Promise<void>) => {
    setBusy(name);
    try {
      await f();
    } catch (e) {
      handleError(e, { t, form });
    } finally {
      setBusy(null);
    }
  };
  return { busy, step };
}
