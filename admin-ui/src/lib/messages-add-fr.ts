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
};
