/**
 * One WhatsApp channel, several providers (Chatwoot's `Whatsapp::Providers::BaseService`): the
 * official API through Twilio, or a number linked by QR code through Baileys. The channel adapter
 * holds the guards they share; a provider only speaks to its service.
 */
import type { ChannelCapabilities, ChannelStatus, OutboundMessage, SendResult } from '../../core/channels.js';

export type WhatsAppProviderName = 'twilio' | 'baileys';

/** What a provider is asked to send: the recipient's number in E.164 is resolved already. */
export interface WhatsAppSend extends OutboundMessage {
  to: string;
}

export interface WhatsAppProvider {
  readonly name: WhatsAppProviderName;
  readonly capabilities: ChannelCapabilities;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Throws ChannelApiError (transient or not) when the service refuses or fails. */
  send(outbound: WhatsAppSend): Promise<SendResult>;
  status(): ChannelStatus;
  /** The business's WhatsApp number in E.164 (for wa.me links); null while no number is linked. */
  number(): string | null;
  /** The QR code to scan to link a number (Baileys, while unlinked); null otherwise. */
  qr(): WhatsAppQr | null;
}

export interface WhatsAppQr {
  /** The string Baileys gives, to encode as a QR image. */
  value: string;
  /** When it was issued (ISO): WhatsApp rotates it about every 20 s. */
  issuedAt: string;
}

/** What the admin API shows of the channel. */
export interface WhatsAppAdminView {
  readonly providerName: WhatsAppProviderName;
  number(): string | null;
  qr(): WhatsAppQr | null;
  status(): ChannelStatus;
}

/** The WhatsApp adapter among the registered ones (the admin's QR code and number routes use it). */
export function isWhatsAppAdminView(value: object): value is WhatsAppAdminView {
  return 'qr' in value && 'providerName' in value && 'number' in value;
}
