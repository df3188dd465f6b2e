import { loadLang, saveLang } from './storage.js';

const en = {
  title: 'Chat',
  language: 'Language',
  'form.intro': 'Hello! Tell us your name to start the conversation.',
  'form.introGroup': 'Hello! Tell us your name to join the group.',
  'form.name': 'Your name',
  'form.email': 'Email (optional)',
  'form.submit': 'Start chatting',
  'composer.label': 'Your message',
  'composer.placeholder': 'Write a message…',
  'composer.send': 'Send',
  'composer.count': '{count} / {max}',
  'badge.assistant': 'Assistant',
  'badge.coach': 'Coach',
  'list.label': 'Conversations',
  'list.empty': 'No conversations yet. Open the invitation link your coach sent you to join a group.',
  'list.unread.one': '{n} unread message',
  'list.unread.other': '{n} unread messages',
  'list.noMessage': 'No messages yet',
  'kind.assistant': 'Assistant',
  'kind.group': 'Group',
  'kind.direct': 'Private',
  'thread.back': 'Back to conversations',
  'thread.members': 'Members',
  'thread.membersHint': 'Write privately to someone in this group:',
  'thread.noMembers': 'Nobody has written here yet.',
  'thread.privateTo': 'Write privately to {name}',
  'thread.older': 'Show earlier messages',
  'thread.none': 'Choose a conversation.',
  'thread.leave': 'Leave the group',
  'thread.leaveConfirm': 'Leave “{name}”? You will no longer receive its messages.',
  'messages.label': 'Messages',
  'messages.empty': 'No messages yet. Ask your question below.',
  'messages.emptyCommunity': 'No messages yet. Say hello!',
  'message.failed': 'Not delivered',
  'message.sent': 'Sent',
  'message.read': 'Read',
  'message.you': 'You',
  typing: '{name} is typing…',
  typingMany: '{names} are typing…',
  and: ' and ',
  newMessage: 'New message',
  connecting: 'Connecting…',
  offline: 'Connection lost, reconnecting…',
  retry: 'Retry',
  dismiss: 'Dismiss',
  badLink: 'This address is not a chat link.',
  noInvitation: 'To join a group, open the invitation link your coach sent you.',
  'error.rate_limited': 'You are sending messages too quickly. Wait a few seconds.',
  'error.not_found': 'This chat link is not valid anymore.',
  'error.not_found.group': 'This group does not exist or has been closed.',
  'error.not_found.conversation': 'This conversation is not available.',
  'error.not_found.member': 'This person is not available for private messages.',
  'error.timeout': 'The server did not answer. Try again.',
  'error.offline': 'Not connected yet. Try again in a moment.',
  'error.validation_failed': 'This was refused: {message}',
  'error.generic': 'Something went wrong ({code}).',
  // Issue 19: branding, the coach joining, delivery ticks, emoji and images.
  'system.coachJoined': '{name} (coach) joined the conversation',
  'message.delivered': 'Delivered',
  'reply.minutes': 'Usually replies in a few minutes',
  'reply.hours': 'Usually replies in a few hours',
  'reply.day': 'Usually replies within a day',
  'emoji.open': 'Add an emoji',
  'emoji.label': 'Emoji',
  'attach.label': 'Attach an image',
  'attach.image': 'Image',
  'attach.sending': 'Sending the image…',
  'attach.too_large': 'This image is larger than 5 MB.',
  'attach.unsupported_type': 'Only PNG, JPEG, WebP and GIF images can be sent.',
  'attach.failed': 'The image could not be sent ({code}).',
};

export type MessageKey = keyof typeof en;

const fr: Record<MessageKey, string> = {
  title: 'Discussion',
  language: 'Langue',
  'form.intro': 'Bonjour ! Indiquez votre nom pour commencer la conversation.',
  'form.introGroup': 'Bonjour ! Indiquez votre nom pour rejoindre le groupe.',
  'form.name': 'Votre nom',
  'form.email': 'E-mail (facultatif)',
  'form.submit': 'Commencer',
  'composer.label': 'Votre message',
  'composer.placeholder': 'Écrivez un message…',
  'composer.send': 'Envoyer',
  'composer.count': '{count} / {max}',
  'badge.assistant': 'Assistant',
  'badge.coach': 'Coach',
  'list.label': 'Conversations',
  'list.empty':
    'Aucune conversation pour l’instant. Ouvrez le lien d’invitation envoyé par votre coach pour rejoindre un groupe.',
  'list.unread.one': '{n} message non lu',
  'list.unread.other': '{n} messages non lus',
  'list.noMessage': 'Aucun message',
  'kind.assistant': 'Assistant',
  'kind.group': 'Groupe',
  'kind.direct': 'Privé',
  'thread.back': 'Retour aux conversations',
  'thread.members': 'Membres',
  'thread.membersHint': 'Écrire en privé à une personne du groupe :',
  'thread.noMembers': 'Personne n’a encore écrit ici.',
  'thread.privateTo': 'Écrire en privé à {name}',
  'thread.older': 'Afficher les messages précédents',
  'thread.none': 'Choisissez une conversation.',
  'thread.leave': 'Quitter le groupe',
  'thread.leaveConfirm': 'Quitter « {name} » ? Vous ne recevrez plus ses messages.',
  'messages.label': 'Messages',
  'messages.empty': 'Aucun message pour l’instant. Posez votre question ci-dessous.',
  'messages.emptyCommunity': 'Aucun message pour l’instant. Dites bonjour !',
  'message.failed': 'Non distribué',
  'message.sent': 'Envoyé',
  'message.read': 'Lu',
  'message.you': 'Vous',
  typing: '{name} écrit…',
  typingMany: '{names} écrivent…',
  and: ' et ',
  newMessage: 'Nouveau message',
  connecting: 'Connexion…',
  offline: 'Connexion perdue, reconnexion…',
  retry: 'Réessayer',
  dismiss: 'Fermer',
  badLink: 'Cette adresse n’est pas un lien de discussion.',
  noInvitation: 'Pour rejoindre un groupe, ouvrez le lien d’invitation envoyé par votre coach.',
  'error.rate_limited': 'Vous envoyez des messages trop vite. Patientez quelques secondes.',
  'error.not_found': 'Ce lien de discussion n’est plus valide.',
  'error.not_found.group': 'Ce groupe n’existe pas ou a été fermé.',
  'error.not_found.conversation': 'Cette conversation n’est pas disponible.',
  'error.not_found.member': 'Cette personne n’est pas disponible pour les messages privés.',
  'error.timeout': 'Le serveur n’a pas répondu. Réessayez.',
  'error.offline': 'Pas encore connecté. Réessayez dans un instant.',
  'error.validation_failed': 'Refusé : {message}',
  'error.generic': 'Une erreur est survenue ({code}).',
  'system.coachJoined': '{name} (coach) a rejoint la conversation',
  'message.delivered': 'Distribué',
  'reply.minutes': 'Répond en général en quelques minutes',
  'reply.hours': 'Répond en général en quelques heures',
  'reply.day': 'Répond en général dans la journée',
  'emoji.open': 'Ajouter un émoji',
  'emoji.label': 'Émojis',
  'attach.label': 'Joindre une image',
  'attach.image': 'Image',
  'attach.sending': 'Envoi de l’image…',
  'attach.too_large': 'Cette image dépasse 5 Mo.',
  'attach.unsupported_type': 'Seules les images PNG, JPEG, WebP et GIF peuvent être envoyées.',
  'attach.failed': 'L’image n’a pas pu être envoyée ({code}).',
};

export type Lang = 'en' | 'fr';
export const LANGS: Record<Lang, string> = { en: 'English', fr: 'Français' };

function browserLang(): Lang {
  return (navigator.language ?? 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** The visitor's choice if they made one, else French for a browser that prefers French, else English. */
export let lang: Lang = loadLang() ?? browserLang();
let strings = lang === 'fr' ? fr : en;

/** Switches the language; the caller re-renders. */
export function setLang(next: Lang): void {
  lang = next;
  strings = next === 'fr' ? fr : en;
  document.documentElement.lang = next;
  saveLang(next);
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return strings[key].replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

export function plural(base: 'list.unread', n: number): string {
  return t(`${base}.${n === 1 ? 'one' : 'other'}`, { n });
}

/** The names of whoever is typing, as one sentence. */
export function typingText(names: string[]): string {
  if (names.length === 1) return t('typing', { name: names[0]! });
  const last = names.at(-1)!;
  return t('typingMany', { names: `${names.slice(0, -1).join(', ')}${t('and')}${last}` });
}

/** Where an error happened decides how `not_found` is worded. */
export type ErrorContext = 'link' | 'group' | 'conversation' | 'member';

const KNOWN_ERRORS: Record<string, MessageKey> = {
  rate_limited: 'error.rate_limited',
  timeout: 'error.timeout',
  offline: 'error.offline',
};

/** The text for an error code of the chat protocol, falling back on the server's message. */
export function errorText(code: string, message?: string, context: ErrorContext = 'link'): string {
  if (code === 'not_found') return t(context === 'link' ? 'error.not_found' : `error.not_found.${context}`);
  if (code === 'validation_failed' && message) return t('error.validation_failed', { message });
  const key = KNOWN_ERRORS[code];
  if (key) return t(key);
  return message || t('error.generic', { code });
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** Date formats in the current language (recreated after a switch). */
export function dateFormat(style: 'time' | 'dateTime'): Intl.DateTimeFormat {
  const key = `${lang}:${style}`;
  let format = formats.get(key);
  if (!format) {
    format =
      style === 'time'
        ? new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' })
        : new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
    formats.set(key, format);
  }
  return format;
}
