import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { call } from "../ipc/call";
import { zhCN, type MessageKey } from "./zh-CN";
import { en } from "./en";

export type Lang = "zh-CN" | "en";
export type { MessageKey };

const dictionaries: Record<Lang, Record<MessageKey, string>> = { "zh-CN": zhCN, en };
const STORAGE_KEY = "paydesk.lang";

/** Formats `key` in `lang`, replacing `{name}` placeholders from `vars`. */
export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  let text: string = dictionaries[lang][key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) text = text.split(`{${k}}`).join(String(v));
  return text;
}

export type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: T;
}

const I18nContext = createContext<I18n>({ lang: "zh-CN", setLang: () => {}, t: (k, v) => translate("zh-CN", k, v) });

let current: Lang = initialLang();

/** The language the window shows now, for code outside React (form validators run at typing time). */
export function currentLang(): Lang {
  return current;
}

function initialLang(): Lang {
  const saved = typeof localStorage !== "undefined" ? localStorage.getItem(STORAGE_KEY) : null;
  return saved === "en" ? "en" : "zh-CN";
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (current = initialLang()));
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE_KEY, l);
    current = l;
    document.documentElement.lang = l;
    setLangState(l);
  }, []);
  // Exported CSV headers follow the window's language: desk keeps it (fire and forget; tests run without
  // the shell).
  useEffect(() => {
    Promise.resolve()
      .then(() => call("app_set_lang", { lang: lang === "en" ? "en" : "zh" }))
      .catch(() => {});
  }, [lang]);
  const value = useMemo<I18n>(() => ({ lang, setLang, t: (k, v) => translate(lang, k, v) }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
