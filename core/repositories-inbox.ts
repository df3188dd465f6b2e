/**
 * The coach's inbox tools (issue 19). Read state, last message and unread counts are kept on the
 * conversation and per agent (a counter of the customer's messages and each agent's count at their
 * last read), so an inbox page reads one row per conversation and never counts messages.
 */
import type {
  CampaignReceived,
  CannedReply,
  InboxStatus,
  InboxSummary,
  ScheduledMessage,
} from './inbox-types.js';
import type { CrudRepository } from './repositories.js';
import type { ConversationKind, ErrorInfo, Message } from './types.js';

export interface InboxRepository {
  /** The summaries of the conversations of `ids` that exist, as `userId` sees them (id -> summary). */
  summaries(userId: string, ids: readonly string[]): Promise<Record<string, InboxSummary>>;
  /** Everything the customer wrote so far counts as seen by `userId`; false for an unknown conversation. */
  markRead(userId: string, conversationId: string, now: string): Promise<boolean>;
  /** Live conversations of `kinds` with a customer message `userId` has not seen, counted up to `limit`. */
  countUnread(userId: string, kinds: readonly ConversationKind[], limit: number): Promise<number>;
  /** Sets (null: clears) the agent in charge; false when the conversation is unknown. */
  assign(conversationId: string, assigneeId: string | null): Promise<boolean>;
  /**
   * Open or resolved; false when unknown or already so (a compare-and-set: of two agents resolving at
   * once, one changes it). A customer's message reopens a conversation (MessageRepository.insert).
   */
  setStatus(conversationId: string, status: InboxStatus, now: string): Promise<boolean>;
  /** The campaign messages a contact was sent (ledger rows), newest first, at most `limit`. */
  campaignsReceived(contactId: string, limit: number): Promise<CampaignReceived[]>;
  /** The private notes of these conversations, newest first, at most `limit`. */
  notes(conversationIds: readonly string[], limit: number): Promise<Message[]>;
  /**
   * The messages a search's page matched (`ConversationPage.matches`), by conversation id; ids not
   * stored are absent.
   */
  matches(messageIds: readonly string[]): Promise<Record<string, Message>>;
}

export type CannedReplyRepository = CrudRepository<CannedReply>;

export interface ScheduledMessageRepository {
  create(scheduled: ScheduledMessage): Promise<ScheduledMessage>;
  get(id: string): Promise<ScheduledMessage | null>;
  /** Those not sent nor cancelled (scheduled, sending, failed), soonest first. */
  listForConversation(conversationId: string): Promise<ScheduledMessage[]>;
  /** Still to send (scheduled, or sending), soonest first, at most `limit`: re-armed at start. */
  listPending(limit: number): Promise<ScheduledMessage[]>;
  /**
   * Takes it to send: scheduled -> sending, or a `sending` one last touched before `staleBefore` (its
   * sender died). null when cancelled, sent, or held by a live sender.
   */
  claim(id: string, now: string, staleBefore: string): Promise<ScheduledMessage | null>;
  /** scheduled -> cancelled only: false when it is already being sent, sent, or unknown. */
  cancel(id: string, now: string): Promise<boolean>;
  markSent(id: string, messageId: string, now: string): Promise<void>;
  markFailed(id: string, error: ErrorInfo, now: string): Promise<void>;
}
