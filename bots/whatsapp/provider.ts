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
}
