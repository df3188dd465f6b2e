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
};
