import type { MessageKey } from '../../lib/i18n.js';

/**
 * The panel's step-by-step guides, by channel: text only (the descriptors give the variables). A
 * channel without a guide shows its variables and hint alone.
 */
export const SETUP_STEPS: Record<string, MessageKey[]> = {
  telegram: [
    'chsetup.telegram.1',
    'chsetup.telegram.2',
    'chsetup.telegram.3',
    'chsetup.telegram.4',
    'chsetup.telegram.5',
  ],
  whatsapp: [
    'chsetup.whatsapp.1',
    'chsetup.whatsapp.2',
    'chsetup.whatsapp.3',
    'chsetup.whatsapp.4',
    'chsetup.whatsapp.5',
  ],
};
