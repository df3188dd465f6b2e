import type { securityEn } from './messages-security-en.js';

/** Les textes de la page sécurité (connexion en deux étapes), en français ; repris dans messages-fr.ts. */
export const securityFr: Record<keyof typeof securityEn, string> = {
  'security.title': 'Sécurité',
  'security.totp': 'Connexion en deux étapes',
  'security.totpIntro':
    'En plus du mot de passe, la connexion demande un code à 6 chiffres d’une application d’authentification sur votre téléphone (Aegis, Google Authenticator, 1Password…).',
  'security.on': 'Activée depuis le {date}.',
  'security.off': 'Désactivée : votre mot de passe suffit pour vous connecter.',
  'security.codesLeft.one': '{n} code de secours inutilisé.',
  'security.codesLeft.other': '{n} codes de secours inutilisés.',
  'security.setUp': 'Configurer',
  'security.scan': '1. Scannez ce code QR avec votre application d’authentification.',
  'security.qrLabel': 'Code QR à scanner avec votre application d’authentification',
  'security.typeSecret': 'Ou saisissez cette clé dans l’application :',
  'security.secretLabel': 'la clé',
  'security.confirm':
    '2. Saisissez le code à 6 chiffres affiché par l’application pour activer la connexion en deux étapes.',
  'security.enable': 'Activer',
  'security.recoveryTitle': 'Vos codes de secours',
  'security.recoveryIntro':
    'Chaque code permet une connexion si vous perdez votre téléphone. Gardez-les en lieu sûr : ils ne sont affichés que maintenant.',
  'security.recoveryLabel': 'les codes de secours',
  'security.done': 'Je les ai enregistrés',
  'security.turnOff': 'Désactiver',
  'security.turnOffTitle': 'Désactiver la connexion en deux étapes',
  'security.turnOffHint': 'Votre mot de passe et un code de l’application (ou un code de secours).',
  'security.codeOrRecovery': 'Code ou code de secours',
  'security.renew': 'Nouveaux codes de secours',
  'security.renewTitle': 'Nouveaux codes de secours',
  'security.renewHint':
    'Votre mot de passe et un code de votre application (ou un code de secours). Les codes qui vous restent ne fonctionneront plus.',
};
