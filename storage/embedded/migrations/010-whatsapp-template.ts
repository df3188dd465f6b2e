import type { Migration } from './migration.js';

/**
 * WhatsApp's 24-hour rule: a campaign may carry an approved Content template (`whatsapp_template`,
 * JSON {contentSid, variables}), and an outbound message that must go as that template keeps it
 * (`template`, JSON) so a retry or a restart sends it the same way.
 */
export const whatsappTemplate: Migration = {
  version: 10,
  name: 'whatsapp-template',
  up: `
ALTER TABLE campaigns ADD COLUMN whatsapp_template TEXT;
ALTER TABLE messages ADD COLUMN template TEXT;
`,
};
