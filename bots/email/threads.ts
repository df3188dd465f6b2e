/**
 * The thread an answer to an address joins: the subject and Message-ID of that customer's last email.
 * Kept in the store's channel state (namespace `email-threads`, key = the lowercased address), so an
 * answer sent after a restart, or by another process, still says "Re: <subject>" and threads under
 * the customer's email (In-Reply-To).
 */
import type { ChannelStateRepository } from '../../core/repositories-channels.js';

export interface EmailThread {
  subject: string;
  messageId: string | null;
}

const NAMESPACE = 'email-threads';

export class EmailThreads {
  constructor(
    private readonly state: ChannelStateRepository,
    private readonly now: () => Date,
  ) {}

  async note(address: string, thread: EmailThread): Promise<void> {
    const value = JSON.stringify({ subject: thread.subject, messageId: thread.messageId });
    await this.state.set(NAMESPACE, { [address.toLowerCase()]: value }, this.now().toISOString());
  }

  async get(address: string): Promise<EmailThread | null> {
    const key = address.toLowerCase();
    const value = (await this.state.get(NAMESPACE, [key]))[key];
    if (value === undefined) return null;
    const parsed = JSON.parse(value) as Partial<EmailThread>;
    return { subject: String(parsed.subject ?? ''), messageId: parsed.messageId ?? null };
  }
}
