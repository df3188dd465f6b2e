/** What the coach should know about a campaign before launching it (shown by the API and the panel). */
import type { ChannelDirectory } from '../channels/directory.js';
import type { Campaign } from '../types.js';

export const WHATSAPP_TEMPLATE_NOTE =
  'WhatsApp: recipients who have not written in the last 24 hours will refuse a free-text message ' +
  '(Twilio error 63016). Set whatsappTemplate to an approved template (contentSid HX…, variables may ' +
  'use {firstName} and {name}): they get it instead; recipients inside the window get the text.';

/** `channels`: the descriptors; a campaign on a channel with templates and no template gets the note. */
export function campaignNotes(
  campaign: Pick<Campaign, 'channels' | 'whatsappTemplate'>,
  channels: ChannelDirectory,
): string[] {
  const notes: string[] = [];
  const templated = campaign.channels.some((channel) => channels.can(channel, 'templates'));
  if (templated && !campaign.whatsappTemplate) notes.push(WHATSAPP_TEMPLATE_NOTE);
  return notes;
}
