import type { addEn } from './messages-add-en.js';

/** Textes français des ajouts du ticket 19 (mêmes clés que messages-add-en.ts). */
export const addFr: Record<keyof typeof addEn, string> = {
  'contact.back': 'Tous les contacts',
  'contact.open': 'Ouvrir {name}',
  'contact.since': 'Contact depuis le {date}',
  'contact.identities': 'Adresses sur les canaux',
  'contact.identitiesHint': 'Prouvées par un canal : les messages qui en viennent arrivent à ce contact.',
  'contact.noIdentity': 'Aucune adresse sur un canal pour l’instant.',
  'contact.emailHint': 'Non vérifiée tant qu’aucun e-mail n’est venu de cette adresse.',
  'contact.phoneHint': 'Format national (079 123 45 67) ou international (+41 79 …).',
  'contact.tagsHint': 'Séparées par des virgules.',
  'import.update':
    'Mettre à jour les contacts qui existent déjà (étiquettes ajoutées, e-mail ou téléphone vide complété)',
  'import.columns': 'Quelle colonne contient quoi',
  'import.column': 'Colonne {field}',
  'import.skip': '(pas importée)',
  'import.preview': 'Aperçu',
  'import.previewTitle': 'Aperçu des {n} premières lignes',
  'import.summary': '{created} nouveaux, {updated} mis à jour, {refused} refusés.',
  'import.updated': '{n} mis à jour.',
  'import.chooseName': 'Choisissez la colonne qui contient le nom.',
  'import.row': 'Ligne',
  'import.result': 'Résultat',
  'import.action.create': 'Nouveau',
  'import.action.update': 'Mise à jour',
  'import.action.refuse': 'Refusée',
  'fieldError.columns':
    'Colonnes : choisissez la colonne du fichier pour le nom ; les autres peuvent être laissées.',
  'fieldError.phone':
    'Téléphone : écrivez un numéro au format national (079 123 45 67) ou international (+41 79 …).',
  'hours.save': 'Appliquer ces horaires',
  'hours.title': 'Heures d’ouverture',
  'hours.intro':
    'Quand vous répondez, à l’heure de {zone}. En dehors, un client qui vous est passé apprend quand vous répondrez.',
  'hours.enabled': 'Utiliser des heures d’ouverture',
  'hours.day.mon': 'Lundi',
  'hours.day.tue': 'Mardi',
  'hours.day.wed': 'Mercredi',
  'hours.day.thu': 'Jeudi',
  'hours.day.fri': 'Vendredi',
  'hours.day.sat': 'Samedi',
  'hours.day.sun': 'Dimanche',
  'hours.closed': 'Fermé',
  'hours.from': '{day}, ouverture ({n})',
  'hours.to': '{day}, fermeture ({n})',
  'hours.add': 'Horaire',
  'hours.addInterval': 'Ajouter un horaire le {day}',
  'hours.removeInterval': 'Retirer l’horaire {n} du {day}',
  'hours.away': 'Message d’absence',
  'hours.awayHint':
    'Ajouté à la réponse de passage au coach en dehors de vos heures, après l’heure où vous répondrez.',
  'fieldError.hours':
    'Heures d’ouverture : chaque heure au format HH:MM, la fermeture après l’ouverture, sans chevauchement ; au moins un jour quand elles sont activées.',
  'fieldError.awayMessage': 'Message d’absence : 1 000 caractères au plus.',
  'groups.inviteButton': 'Inviter',
  'groups.invite': 'Invitation à {name}',
  'groups.inviteLink': 'Lien d’invitation',
  'groups.inviteHint': 'Qui l’ouvre rejoint le groupe dans le chat web (après avoir donné son nom).',
  'groups.inviteQr': 'QR code de l’invitation à {name}',
  'campaigns.reach': 'Cette campagne touche {n} personnes.',
  'campaigns.unreachable':
    '{n} d’entre elles n’ont d’adresse sur aucun canal choisi : elles ne recevront rien (ignorées).',
  'campaigns.noIdentity': 'Sans adresse sur un canal (ignorées sur celui-ci) : {list}.',
  'campaigns.cancelConfirm': 'Annuler « {name} » ? Ce qui n’est pas encore parti ne sera pas envoyé.',
  'campaigns.mark': 'Campagne',
  'campaigns.markNamed': 'Campagne : {name}',
  'chsetup.title': 'Activer les canaux',
  'chsetup.on': 'Activé · {state}',
  'chsetup.off': 'Désactivé',
  'chsetup.noVariables': 'Toujours activé : rien à régler.',
  'chsetup.variablesOff':
    'Pour l’activer, définissez ces variables dans l’environnement de Kora, puis redémarrez Kora :',
  'chsetup.variablesOn': 'Il lit ces variables :',
  'chsetup.required': 'obligatoire',
  'chsetup.optional': 'facultative',
  'chsetup.secret': 'secrète : ne la montrez ni dans un chat ni sur une capture d’écran',
  'chsetup.steps': 'Pas à pas',
  'chsetup.telegram.1':
    'Dans Telegram, écrivez à @BotFather : /newbot, puis un nom et un identifiant qui se termine par « bot ».',
  'chsetup.telegram.2': 'Copiez le jeton que BotFather répond dans TELEGRAM_BOT_TOKEN, puis redémarrez Kora.',
  'chsetup.telegram.3':
    'Kora reçoit par long polling, qui marche partout. Pour un webhook à la place, définissez TELEGRAM_WEBHOOK_SECRET (16 lettres et chiffres au hasard ou plus) : Telegram envoie alors à {url}/webhooks/telegram, qui doit être en https.',
  'chsetup.telegram.4':
    'Le canal apparaît ici comme activé, avec l’identifiant du bot ; les liens d’entrée reçoivent une adresse t.me.',
  'chsetup.telegram.5':
    'Pour un groupe : ajoutez-y le bot. Pour que Kora voie tous les messages, pas seulement ceux qui mentionnent le bot, désactivez la confidentialité du bot avec /setprivacy dans @BotFather.',
  'chsetup.whatsapp.1':
    'Dans la console Twilio, obtenez un expéditeur WhatsApp : le Sandbox WhatsApp pour essayer, ou un numéro approuvé par Meta.',
  'chsetup.whatsapp.2':
    'Définissez TWILIO_ACCOUNT_SID et TWILIO_AUTH_TOKEN (Account Info de la console) et TWILIO_WHATSAPP_FROM avec l’expéditeur, p. ex. whatsapp:+41791234567.',
  'chsetup.whatsapp.3':
    'Dans les réglages de l’expéditeur, mettez « When a message comes in » à {url}/webhooks/twilio (HTTP POST). Kora demande lui-même les accusés de livraison à {url}/webhooks/twilio/status.',
  'chsetup.whatsapp.4':
    'Redémarrez Kora. Plus de 24 heures après le dernier message du client, WhatsApp n’accepte que des modèles approuvés (une campagne peut en indiquer un).',
  'chsetup.whatsapp.5':
    'Sans Twilio : définissez WHATSAPP_PROVIDER=baileys, redémarrez Kora, puis scannez le QR code affiché sur cette page avec WhatsApp sur le téléphone (Appareils connectés).',
};
