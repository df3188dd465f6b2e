import type { webChatEn } from './messages-web-chat-en.js';

/** Les textes de la page web chat, des images et de l’arrivée du coach (issue 19), en français ; repris dans messages-fr.ts. */
export const webChatFr: Record<keyof typeof webChatEn, string> = {
  'nav.webChat': 'Chat web',
  'webChat.title': 'Chat web',
  'webChat.intro':
    'Ce que vos clients voient dans le chat web : votre nom, votre logo et votre couleur, un message d’accueil et le délai de réponse à attendre.',
  'webChat.name': 'Nom de l’entreprise',
  'webChat.logoUrl': 'Adresse du logo',
  'webChat.logoUrlHint':
    'Une adresse https://, ou envoyez une image ci-dessous (PNG, JPEG, WebP ou GIF, 5 Mo au plus).',
  'webChat.logoUpload': 'Envoyer un logo',
  'webChat.logoRemove': 'Retirer le logo',
  'webChat.accentColor': 'Couleur d’accent',
  'webChat.welcomeMessage': 'Message d’accueil',
  'webChat.replyTime': 'Délai de réponse habituel',
  'webChat.reply.none': 'Non affiché',
  'webChat.reply.minutes': 'Quelques minutes',
  'webChat.reply.hours': 'Quelques heures',
  'webChat.reply.day': 'Dans la journée',
  'webChat.preview': 'Aperçu',
  'webChat.saved': 'Enregistré : le chat web l’affiche dès maintenant.',
  'fieldError.accentColor': 'La couleur d’accent doit s’écrire #rrggbb, par exemple #3b5bdb.',
  'fieldError.logoUrl':
    'L’adresse du logo doit être une URL https:// complète, comme https://exemple.ch/logo.png.',
  'fieldError.image': 'L’image doit être un fichier PNG, JPEG, WebP ou GIF de 5 Mo au plus.',
  'system.coachJoined': '{name} (coach) a rejoint la conversation',
  'attach.label': 'Joindre une image',
  'attach.image': 'Image',
  'attach.remove': 'Retirer l’image',
};
