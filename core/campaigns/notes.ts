/** What the coach should know about a campaign before launching it (shown by the API and the panel). */
import type { Campaign } from '../types.js';

export const WHATSAPP_TEMPLATE_NOTE =
  'WhatsApp: recipients who have not written in the last 24 hours will refuse a free-text message ' +
  '(Twilio error 63016). Set whatsappTemplate to an approved template (contentSid HX…, variables may ' +
  'use {firstName} and {name}): they get it instead; recipients inside the window get the text.';

export function campaignNotes(campaign: Pick<Campaign, 'channels' | 'whatsappTemplate'>): string[] {
  const notes: string[] = [];
  if (campaign.channels.includes('whatsapp') && !campaign.whatsappTemplate)
    notes.push(WHATSAPP_TEMPLATE_NOTE);
  return notes;
}
