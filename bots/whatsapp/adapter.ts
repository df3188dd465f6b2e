/**
 * The WhatsApp channel: the shared guards (a recipient in E.164, something to send), then the
 * configured provider (Twilio or Baileys) sends.
 */
import type { ChannelAdapter, ChannelStatus, OutboundMessage, SendResult } from '../../core/channels.js';
import { ChannelApiError } from '../../core/errors.js';
import type { WhatsAppAdminView, WhatsAppProvider, WhatsAppQr } from './provider.js';

const E164 = /^\+[1-9]\d{6,14}$/;
/** A WhatsApp LID chat (Baileys 7: a chat known by its LID, not its number). */
const LID = /^\d+@lid$/;
/** A WhatsApp group's JID (`120363…@g.us`; older groups `<creator>-<time>@g.us`). */
const GROUP = /^\d+(-\d+)?@g\.us$/;

/**
 * The E.164 number (or LID chat, or group) an outbound message goes to; a permanent failure when
 * there is none. `linked`: the provider is a linked number (Baileys), which knows LIDs and groups.
 */
export function recipientNumber(outbound: OutboundMessage, linked = false): string {
  const to = outbound.recipient?.replace(/^whatsapp:/, '') ?? '';
  if (GROUP.test(to) && !linked) {
    throw new ChannelApiError(NO_GROUPS, { providerCode: 'groups_unavailable', transient: false });
  }
  if (!E164.test(to) && !(linked && (LID.test(to) || GROUP.test(to)))) {
    throw new ChannelApiError('the conversation has no phone number to send to', {
      providerCode: 'no_recipient',
      transient: false,
    });
  }
  return to;
}

/** Why Twilio's WhatsApp cannot post into a group (shown on the message and in API refusals). */
export const NO_GROUPS =
  "WhatsApp through Twilio has no groups (WhatsApp's Business API does not post into groups): link a number by QR code (WHATSAPP_PROVIDER=baileys) to use WhatsApp groups";

/** Something to send: text, media or a template. */
export function checkContent(outbound: OutboundMessage): void {
  const { message, template } = outbound;
  if (template || message.text.trim() || message.media?.length) return;
  throw new ChannelApiError('the message is empty', { providerCode: 'empty_message', transient: false });
}

export class WhatsAppChannelAdapter implements ChannelAdapter, WhatsAppAdminView {
  readonly name = 'whatsapp' as const;
  readonly provider: WhatsAppProvider;

  constructor(provider: WhatsAppProvider) {
    this.provider = provider;
  }

  get capabilities() {
    return this.provider.capabilities;
  }

  /** Why a capability is off here, for the panel and the API's refusals. */
  get unsupported() {
    return this.provider.capabilities.groups ? {} : { groups: NO_GROUPS };
  }

  get providerName() {
    return this.provider.name;
  }

  number(): string | null {
    return this.provider.number();
  }

  qr(): WhatsAppQr | null {
    return this.provider.qr();
  }

  start(): Promise<void> {
    return this.provider.start();
  }

  stop(): Promise<void> {
    return this.provider.stop();
  }

  status(): ChannelStatus {
    return this.provider.status();
  }

  async send(outbound: OutboundMessage): Promise<SendResult> {
    const to = recipientNumber(outbound, this.provider.name === 'baileys');
    checkContent(outbound);
    return this.provider.send({ ...outbound, to });
  }
}
