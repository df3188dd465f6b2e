/**
 * Every message Kora or the coach sends into a conversation takes this one path: the message, its
 * outbox entry and the conversation's activity (and handoff state) in one transaction; then the
 * events; then the send, right away, through the outbox.
 */
import type { EventBus } from './events.js';
import type { Clock, IdGenerator } from './ids.js';
import type { Outbox } from './outbox.js';
import type { HeldTurn } from './turn-lease.js';
import type { ConversationActivity, Repositories, Store } from './repositories.js';
import type {
  Conversation,
  GuardIntervention,
  Media,
  Message,
  MessageAction,
  MessageTemplate,
  OutboxEntry,
  Sender,
} from './types.js';

export interface OutboundDeps {
  store: Store;
  ids: IdGenerator;
  clock: Clock;
  events: EventBus;
  outbox: Outbox;
}

export interface OutboundInput {
  sender: Sender;
  text: string;
  guard?: GuardIntervention[];
  /** true: the conversation is (still) handed off to the coach from now on. */
  handoff?: boolean;
  /**
   * true: a question is left to the coach (the conversation waits for them; the first time is kept);
   * false: the coach has dealt with it. Unset: unchanged.
   */
  coachNeeded?: boolean;
  media?: Media[];
  /** Send as this approved template where the channel needs one (WhatsApp outside 24 h); `text` is kept. */
  template?: MessageTemplate;
  /** Buttons offered with the message. */
  actions?: MessageAction[];
  /** The campaign this message is sent for (kept on the message). */
  campaignId?: string;
  /** The message's id, when the caller had to name it first (a campaign's ledger row points to it). */
  id?: string;
}

export interface StagedOutbound {
  message: Message;
  entry: OutboxEntry;
  /** The conversation before the message (to tell a handoff change) and after it. */
  before: Conversation;
  conversation: Conversation;
}

/**
 * Writes the message, its outbox entry and the conversation's activity through `tx`: the caller's
 * transaction, which may carry more (a campaign marks its ledger row sent in it). `conversation`
 * must have been read in that transaction: the state after the write is computed from it, not read
 * back. Nothing is announced or sent before `releaseOutbound`, after the commit.
 */
export async function stageOutbound(
  deps: OutboundDeps,
  tx: Repositories,
  conversation: Conversation,
  input: OutboundInput,
): Promise<StagedOutbound> {
  const [staged] = await stageOutboundMany(deps, tx, [{ conversation, input }]);
  return staged!;
}

/** `stageOutbound` for several messages (a campaign group's): their outbox entries in one write. */
export async function stageOutboundMany(
  deps: OutboundDeps,
  tx: Repositories,
  sends: readonly { conversation: Conversation; input: OutboundInput }[],
): Promise<StagedOutbound[]> {
  const now = deps.clock.now().toISOString();
  if (sends.length === 0) return [];
  const written = sends.map(({ conversation, input }) => {
    const message = outboundMessage(deps, conversation, input, now);
    const activity = activityOf(conversation, input, now);
    return { message, activity, before: conversation, conversation: { ...conversation, ...activity } };
  });
  if (written.length === 1) await tx.messages.insert(written[0]!.message, undefined, written[0]!.activity);
  else await tx.messages.insertMany(written);
  const recipients = written.map(({ message, before }) => ({ message, recipient: before.externalChatId }));
  const entries =
    recipients.length === 1
      ? [await deps.outbox.enqueue(tx, recipients[0]!.message, recipients[0]!.recipient)]
      : await deps.outbox.enqueueMany(tx, recipients);
  return written.map(({ message, before, conversation }, i) => ({
    message,
    before,
    conversation,
    entry: entries[i]!,
  }));
}

function outboundMessage(deps: OutboundDeps, conversation: Conversation, input: OutboundInput, now: string) {
  const message: Message = {
    id: input.id ?? deps.ids.next(),
    conversationId: conversation.id,
    sender: input.sender,
    text: input.text,
    channel: conversation.channel,
    status: 'queued',
    createdAt: now,
  };
  if (input.guard?.length) message.guard = input.guard;
  if (input.media?.length) message.media = input.media;
  if (input.template) message.template = input.template;
  if (input.actions?.length) message.actions = input.actions;
  if (input.campaignId) message.campaignId = input.campaignId;
  return message;
}

/** What a message writes on its conversation besides the preview. */
function activityOf(conversation: Conversation, input: OutboundInput, now: string): ConversationActivity {
  return {
    lastMessageAt: now,
    updatedAt: now,
    ...(input.handoff ? { handoff: true, handoffAt: now } : {}),
    ...coachNeededPatch(conversation, input.coachNeeded, now),
  };
}

/** The waiting-for-the-coach mark a message sets or clears; nothing when it does not change. */
function coachNeededPatch(
  conversation: Conversation,
  coachNeeded: boolean | undefined,
  now: string,
): { coachNeededAt?: string | null } {
  if (coachNeeded === true && !conversation.coachNeededAt) return { coachNeededAt: now };
  if (coachNeeded === false && conversation.coachNeededAt) return { coachNeededAt: null };
  return {};
}

/**
 * After the commit: the events, then the send (resolves when the channel answered). `paced`: the
 * caller applied the channel's limit already (campaigns), so the adapter must not wait a second time.
 */
export function releaseOutbound(deps: OutboundDeps, staged: StagedOutbound, paced = false): Promise<void> {
  const { message, conversation, before, entry } = staged;
  deps.events.emit('message', { conversation, message });
  if (conversation.handoff !== before.handoff)
    deps.events.emit('conversation', { conversation, change: 'handoff' });
  // The coach's inbox and dashboard follow whether the conversation waits for them.
  else if (conversation.coachNeededAt !== before.coachNeededAt)
    deps.events.emit('conversation', { conversation, change: 'updated' });
  return deps.outbox.dispatch(entry, { message, conversation, ...(paced ? { paced } : {}) });
}

/** `releasedTurn`: the write let go of the turn lease it was given (see stageIfUnchanged). */
type Sent = { message: Message; conversation: Conversation; releasedTurn?: boolean };

/**
 * The message written only while the conversation still is as `known` says: a compare-and-set on its
 * handoff, and on its coach mark when the message moves that (`messages.insertOutbound`: one
 * statement on PostgreSQL, no unit). null when the stored row differs: nothing was written.
 */
async function stageIfUnchanged(
  deps: OutboundDeps,
  known: Conversation,
  input: OutboundInput,
  held?: HeldTurn,
): Promise<StagedOutbound | null> {
  const now = deps.clock.now().toISOString();
  const message = outboundMessage(deps, known, input, now);
  const activity = activityOf(known, input, now);
  const movesCoachMark = activity.coachNeededAt !== undefined;
  const entry = deps.outbox.entry(message, known.externalChatId);
  const conversation = await deps.store.messages.insertOutbound({
    message,
    activity,
    entry,
    expected: { handoff: known.handoff, ...(movesCoachMark ? { coachNeededAt: known.coachNeededAt } : {}) },
    ...(held ? { releases: held } : {}),
  });
  if (!conversation) return null;
  // Before the write: the compared values were as known, and the message wrote no other of those.
  const before = {
    ...conversation,
    handoff: known.handoff,
    handoffAt: input.handoff ? known.handoffAt : conversation.handoffAt,
    coachNeededAt: movesCoachMark ? known.coachNeededAt : conversation.coachNeededAt,
  };
  return { message, entry, before, conversation };
}

/**
 * The message in its own write, decided from the conversation as stored (the caller's copy may be
 * older than a coach's handoff); `write` decides from that copy whether to write at all. Tried first
 * against the caller's copy (`known`) as a compare-and-set, which is right whenever the copy still
 * holds; when it does not, decided again in a unit that locks the stored row.
 */
async function sendInOwnTransaction(
  deps: OutboundDeps,
  conversationId: string,
  write: (current: Conversation | null) => Conversation | null,
  input: OutboundInput,
  known?: Conversation,
  held?: HeldTurn,
): Promise<Sent | null> {
  const decided = known ? write(known) : null;
  const fast = decided ? await stageIfUnchanged(deps, decided, input, held) : null;
  // Locking: decided from the conversation's row alone (a handoff written meanwhile is waited for and
  // read), the rest are inserts under new ids.
  const staged =
    fast ??
    (await deps.store.transaction(
      async (tx) => {
        const conversation = write(await tx.conversations.lock(conversationId));
        return conversation ? stageOutbound(deps, tx, conversation, input) : null;
      },
      { locking: true },
    ));
  if (!staged) return null;
  void releaseOutbound(deps, staged);
  const { message, conversation } = staged;
  return { message, conversation, releasedTurn: fast !== null && held !== undefined };
}

/**
 * `sendToConversation` for an assistant's answer, which took time to make: written only if the
 * conversation still exists and the coach has not taken it over meanwhile (else null, nothing sent).
 * `known`: the conversation as the turn began (tried first, see sendInOwnTransaction); `held`: the
 * turn's lease, released by that first write when it writes (`releasedTurn`).
 */
export function sendIfAssistantActive(
  deps: OutboundDeps,
  conversationId: string,
  input: OutboundInput,
  known?: Conversation,
  held?: HeldTurn,
): Promise<Sent | null> {
  return sendInOwnTransaction(
    deps,
    conversationId,
    (current) => (current && !current.handoff ? current : null),
    input,
    known,
    held,
  );
}

export async function sendToConversation(
  deps: OutboundDeps,
  conversation: Conversation,
  input: OutboundInput,
): Promise<Sent> {
  const sent = await sendInOwnTransaction(
    deps,
    conversation.id,
    (current) => current ?? conversation,
    input,
    conversation,
  );
  return sent!;
}
