/**
 * The web channel: delivery is an emit to the conversation's socket.io room. A member who is offline
 * reads it from `history` when they come back, so a send never fails for want of a listener.
 */
import type { Namespace } from 'socket.io';
import type { ChannelAdapter, ChannelStatus, OutboundMessage, SendResult } from '../../core/channels.js';
import { toPublicMessage } from '../../core/messages.js';

export const conversationRoom = (conversationId: string) => `conversation:${conversationId}`;
/** Every socket of one member: membership changes reach all their tabs. */
export const memberRoom = (memberId: string) => `member:${memberId}`;

export class WebChannelAdapter implements ChannelAdapter {
  readonly name = 'web' as const;
  readonly capabilities = { typing: true, streaming: true, media: true, groups: true };
  #namespace: Namespace | null = null;
  #stopped = false;

  attach(namespace: Namespace): void {
    this.#namespace = namespace;
  }

  async start(): Promise<void> {
    this.#stopped = false;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
  }

  status(): ChannelStatus {
    if (this.#stopped) return { state: 'disconnected' };
    return this.#namespace ? { state: 'ready' } : { state: 'starting' };
  }

  async send({ message, conversation }: OutboundMessage): Promise<SendResult> {
    if (!this.#namespace) throw new Error('the web chat is not mounted yet');
    const payload = {
      conversationId: conversation.id,
      message: toPublicMessage({ ...message, status: 'sent' }),
    };
    this.#namespace.to(conversationRoom(conversation.id)).emit('message', payload);
    return {};
  }
}
