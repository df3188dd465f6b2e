import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

const en = {
  language: 'Language',
  loading: 'Loading…',
  loadFailed: 'Could not reach the server.',
  retry: 'Retry',
  crashed: 'Something went wrong.',
  reload: 'Reload the page',
  'field.name': 'Name',
  'field.email': 'Email',
  'field.password': 'Password',
  'login.title': 'Sign in',
  'login.submit': 'Sign in',
  'setup.title': 'Create the owner account',
  'setup.intro': 'This one-time link creates the account that manages Kora.',
  'setup.passwordHint': 'At least 12 characters.',
  'setup.submit': 'Create the account',
  'setup.missingToken': 'This setup link is incomplete: open the full link printed by the server.',
  'nav.label': 'Main',
  'nav.home': 'Home',
  'home.title': 'Home',
  'home.signedInAs': 'Signed in as {name} ({email})',
  logout: 'Log out',
  'notFound.title': 'Page not found',
  'notFound.back': 'Back to home',
  'error.invalid_credentials': 'Wrong email or password.',
  'error.invalid_setup_token': 'This setup link is invalid or has already been used.',
  'error.network_error': 'Could not reach the server. Check your connection.',
  'error.tooManyAttempts.one': 'Too many attempts, retry in {n} minute.',
  'error.tooManyAttempts.other': 'Too many attempts, retry in {n} minutes.',
  'error.generic': 'Something went wrong ({code}).',
};

export type MessageKey = keyof typeof en;

const fr: Record<MessageKey, string> = {
  language: 'Langue',
  loading: 'Chargement…',
  loadFailed: 'Impossible de joindre le serveur.',
  retry: 'Réessayer',
  crashed: 'Une erreur est survenue.',
  reload: 'Recharger la page',
  'field.name': 'Nom',
  'field.email': 'E-mail',
  'field.password': 'Mot de passe',
  'login.title': 'Connexion',
  'login.submit': 'Se connecter',
  'setup.title': 'Créer le compte propriétaire',
  'setup.intro': 'Ce lien à usage unique crée le compte qui gère Kora.',
  'setup.passwordHint': 'Au moins 12 caractères.',
  'setup.submit': 'Créer le compte',
  'setup.missingToken':
    'Ce lien de configuration est incomplet : ouvrez le lien complet affiché par le serveur.',
  'nav.label': 'Principal',
  'nav.home': 'Accueil',
  'home.title': 'Accueil',
  'home.signedInAs': 'Connecté en tant que {name} ({email})',
  logout: 'Se déconnecter',
  'notFound.title': 'Page introuvable',
  'notFound.back': 'Retour à l’accueil',
  'error.invalid_credentials': 'E-mail ou mot de passe incorrect.',
  'error.invalid_setup_token': 'Ce lien de configuration est invalide ou a déjà servi.',
  'error.network_error': 'Impossible de joindre le serveur. Vérifiez votre connexion.',
  'error.tooManyAttempts.one': 'Trop de tentatives, réessayez dans {n} minute.',
  'error.tooManyAttempts.other': 'Trop de tentatives, réessayez dans {n} minutes.',
  'error.generic': 'Une erreur est survenue ({code}).',
};

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
