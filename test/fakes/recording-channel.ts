/** A channel adapter that records what it is asked to send, and can be told to fail. */
import type { ChannelAdapter, OutboundMessage, SendResult } from '../../core/channels.js';
import type { ChannelName } from '../../core/types.js';

export class RecordingChannel implements ChannelAdapter {
  readonly capabilities = { typing: false, streaming: false, media: true, groups: true };
  readonly sent: OutboundMessage[] = [];
  /** Errors to throw on the next sends, in order. */
  readonly failures: Error[] = [];
  attempts = 0;
  /** When set, the next send waits for it (once) before it succeeds or fails. */
  holdNext: Promise<void> | null = null;

  constructor(readonly name: ChannelName) {}

  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  status() {
    return { state: 'ready' as const };
  }

  async send(outbound: OutboundMessage): Promise<SendResult> {
    this.attempts++;
    const hold = this.holdNext;
    this.holdNext = null;
    if (hold) await hold;
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push(outbound);
    return { externalId: `ext-${outbound.message.id}` };
  }
}
