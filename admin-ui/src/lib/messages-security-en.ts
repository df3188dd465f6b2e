/** English texts of the security page (two-factor sign-in); spread into messages-en.ts. */
export const securityEn = {
  'security.title': 'Security',
  'security.totp': 'Two-factor sign-in',
  'security.totpIntro':
    'Besides your password, signing in asks for a 6-digit code from an authenticator app on your phone (Aegis, Google Authenticator, 1Password…).',
  'security.on': 'On since {date}.',
  'security.off': 'Off: your password alone signs you in.',
  'security.codesLeft.one': '{n} unused recovery code left.',
  'security.codesLeft.other': '{n} unused recovery codes left.',
  'security.setUp': 'Set up',
  'security.scan': '1. Scan this QR code with your authenticator app.',
  'security.qrLabel': 'QR code to scan with your authenticator app',
  'security.typeSecret': 'Or type this key in the app:',
  'security.secretLabel': 'the key',
  'security.confirm': '2. Type the 6-digit code the app shows to turn two-factor sign-in on.',
  'security.enable': 'Turn on',
  'security.recoveryTitle': 'Your recovery codes',
  'security.recoveryIntro':
    'Each code signs you in once if you lose your phone. Keep them somewhere safe: they are shown only now.',
  'security.recoveryLabel': 'the recovery codes',
  'security.done': 'I have saved them',
  'security.turnOff': 'Turn off',
  'security.turnOffTitle': 'Turn off two-factor sign-in',
  'security.turnOffHint': 'Your password and a code from your app (or a recovery code).',
  'security.codeOrRecovery': 'Code or recovery code',
  'security.renew': 'New recovery codes',
  'security.renewTitle': 'New recovery codes',
  'security.renewHint':
    'Your password and a code from your app (or a recovery code). The codes you have left stop working.',
};
