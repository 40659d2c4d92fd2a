import type { FormRule } from "antd";
import type { T } from "../i18n";
import { MoneyError, yuanToFen, type YuanOptions } from "./yuan";

/** The message for a refused amount. */
export function moneyMessage(t: T, e: MoneyError): string {
  return t(`money.${e.problem}` as const);
}

/** An antd rule checking a yuan text field with [`yuanToFen`] (the same parser the submit uses). */
export function yuanRule(t: T, field: string, opts?: YuanOptions | (() => YuanOptions)): FormRule {
  return {
    validator: async (_rule, value: string | undefined) => {
      try {
        yuanToFen(value ?? "", field, typeof opts === "function" ? opts() : opts);
      } catch (e) {
        if (e instanceof MoneyError) throw new Error(moneyMessage(t, e), { cause: e });
        throw e;
      }
    },
  };
}
