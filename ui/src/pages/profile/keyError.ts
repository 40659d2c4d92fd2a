import type { FormInstance } from "antd";
import { asIpcError, fieldWords, handleError } from "../../ipc/errors";
import type { T } from "../../i18n";

/** Marks the field a key error names (desk's field names are the key forms' item names); any other error
 * goes to the shared handler. Used by the dougong keys drawer and the other acquirers' key form. */
export function markKeyError(e: unknown, form: FormInstance, t: T, items: string[]) {
  const err = asIpcError(e);
  if (err.field && items.includes(err.field)) {
    form.setFields([{ name: err.field, errors: [fieldWords(err, t)] }]);
    form.scrollToField(err.field);
    return;
  }
  handleError(e, { t });
}
