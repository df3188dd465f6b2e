import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en } from './messages-en.js';
import { fr } from './messages-fr.js';

export type MessageKey = keyof typeof en;

export const LANGS = { en: 'English', fr: 'Français' } as const;
export type Lang = keyof typeof LANGS;

const messages: Record<Lang, Record<MessageKey, string>> = { en, fr };
const STORAGE_KEY = 'kora.admin.lang';

function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && Object.hasOwn(LANGS, value);
}

/** The stored choice, else the browser's first French or English preference, else English. */
export function detectLang(): Lang {
  const stored = safeStorage()?.getItem(STORAGE_KEY);
  if (isLang(stored)) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isLang(base)) return base;
  }
  return 'en';
}

export function saveLang(lang: Lang): void {
  safeStorage()?.setItem(STORAGE_KEY, lang);
}

// Storage can throw (disabled cookies, private modes): the language choice is a nicety.
function safeStorage(): Storage | undefined {
  try {
    return localStorage;
  } catch {
    return undefined;
  }
}

export type Params = Record<string, string | number>;

export function translate(lang: Lang, key: MessageKey, params: Params = {}): string {
  return messages[lang][key].replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, params?: Params): string;
}

export function createI18n(lang: Lang, setLang: (lang: Lang) => void): I18n {
  return { lang, setLang, t: (key, params) => translate(lang, key, params) };
}

export const I18nContext = createContext<I18n>(createI18n('en', () => {}));

export const useI18n = (): I18n => useContext(I18nContext);
