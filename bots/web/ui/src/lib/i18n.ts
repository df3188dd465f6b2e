const en = {
  title: 'Chat',
  'form.intro': 'Hello! Tell us your name to start the conversation.',
  'form.name': 'Your name',
  'form.email': 'Email (optional)',
  'form.submit': 'Start chatting',
  'composer.label': 'Your message',
  'composer.placeholder': 'Write a message…',
  'composer.send': 'Send',
  'composer.count': '{count} / {max}',
  'badge.assistant': 'Assistant',
  'badge.coach': 'Coach',
  'messages.label': 'Messages',
  'messages.empty': 'No messages yet. Ask your question below.',
  'message.failed': 'Not delivered',
  typing: '{name} is typing…',
  connecting: 'Connecting…',
  offline: 'Connection lost, reconnecting…',
  retry: 'Retry',
  badLink: 'This address is not a chat link.',
  'error.rate_limited': 'You are sending messages too quickly. Wait a few seconds.',
  'error.not_found': 'This chat link is not valid anymore.',
  'error.timeout': 'The server did not answer. Try again.',
  'error.offline': 'Not connected yet. Try again in a moment.',
  'error.generic': 'Something went wrong ({code}).',
};

export type MessageKey = keyof typeof en;

const fr: Record<MessageKey, string> = {
  title: 'Discussion',
  'form.intro': 'Bonjour ! Indiquez votre nom pour commencer la conversation.',
  'form.name': 'Votre nom',
  'form.email': 'E-mail (facultatif)',
  'form.submit': 'Commencer',
  'composer.label': 'Votre message',
  'composer.placeholder': 'Écrivez un message…',
  'composer.send': 'Envoyer',
  'composer.count': '{count} / {max}',
  'badge.assistant': 'Assistant',
  'badge.coach': 'Coach',
  'messages.label': 'Messages',
  'messages.empty': 'Aucun message pour l’instant. Posez votre question ci-dessous.',
  'message.failed': 'Non distribué',
  typing: '{name} écrit…',
  connecting: 'Connexion…',
  offline: 'Connexion perdue, reconnexion…',
  retry: 'Réessayer',
  badLink: 'Cette adresse n’est pas un lien de discussion.',
  'error.rate_limited': 'Vous envoyez des messages trop vite. Patientez quelques secondes.',
  'error.not_found': 'Ce lien de discussion n’est plus valide.',
  'error.timeout': 'Le serveur n’a pas répondu. Réessayez.',
  'error.offline': 'Pas encore connecté. Réessayez dans un instant.',
  'error.generic': 'Une erreur est survenue ({code}).',
};

/** French for a browser that prefers French, English otherwise. */
export const lang: 'en' | 'fr' = (navigator.language ?? 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en';

const strings = lang === 'fr' ? fr : en;

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return strings[key].replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

const KNOWN_ERRORS: Record<string, MessageKey> = {
  rate_limited: 'error.rate_limited',
  not_found: 'error.not_found',
  timeout: 'error.timeout',
  offline: 'error.offline',
};

/** The text for an error code of the chat protocol, falling back on the server's message. */
export function errorText(code: string, message?: string): string {
  const key = KNOWN_ERRORS[code];
  if (key) return t(key);
  return message || t('error.generic', { code });
}
