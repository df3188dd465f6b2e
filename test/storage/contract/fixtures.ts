import { expect } from 'vitest';
import { ConflictError } from '../../../core/errors.js';
import { createUlidGenerator } from '../../../core/ids.js';
import type {
  AdminSession,
  AdminUser,
  Article,
  AuditEntry,
  Contact,
  Conversation,
  ConversationKind,
  EntryLink,
  Message,
  Offer,
  OutboxEntry,
  PromoCode,
  TrackedLink,
} from '../../../core/types.js';
import type { Store } from '../../../storage/types.js';

/** What every contract section gets: the store of the running test (a fresh one per test). */
export interface ContractContext {
  store(): Store;
}

const ids = createUlidGenerator();

/** A fresh time-ordered id: ids made later sort after earlier ones. */
export function newId(): string {
  return ids.next();
}

const EPOCH = Date.parse('2024-01-01T00:00:00.000Z');

/** A fixed instant, `minutes` after 2024-01-01T00:00Z, as an ISO string. */
export function at(minutes: number): string {
  return new Date(EPOCH + minutes * 60_000).toISOString();
}

export function makeContact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: newId(),
    name: 'Jeanne Martin',
    email: null,
    phone: null,
    emailVerified: false,
    phoneVerified: false,
    tags: [],
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

export function makeConversation(overrides: Partial<Conversation> = {}): Conversation {
  return {
    id: newId(),
    kind: 'group',
    title: 'Morning group',
    contactId: null,
    channel: 'web',
    externalChatId: null,
    linkId: null,
    mode: 'standard',
    handoff: false,
    handoffAt: null,
    coachNeededAt: null,
    createdAt: at(0),
    updatedAt: at(0),
    lastMessageAt: null,
    ...overrides,
  };
}

export function makeMessage(conversationId: string, overrides: Partial<Message> = {}): Message {
  return {
    id: newId(),
    conversationId,
    sender: { type: 'assistant', name: 'Kora' },
    text: 'Hello',
    channel: 'web',
    status: 'received',
    createdAt: at(0),
    ...overrides,
  };
}

export function makeLink(overrides: Partial<EntryLink> = {}): EntryLink {
  const id = newId();
  return {
    id,
    name: 'Spring campaign',
    mode: 'standard',
    customPrompt: null,
    token: `token-${id}`,
    code: `C${id.slice(-8)}`,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

export function makeOffer(overrides: Partial<Offer> = {}): Offer {
  return {
    id: newId(),
    name: 'Yoga course',
    kind: 'course',
    description: 'Ten sessions',
    price: 249.5,
    currency: 'CHF',
    paymentUrl: null,
    visible: true,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

export function makeArticle(overrides: Partial<Article> = {}): Article {
  return {
    id: newId(),
    title: 'Opening hours',
    body: 'Monday to Friday',
    visible: true,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

export function makePromoCode(overrides: Partial<PromoCode> = {}): PromoCode {
  const id = newId();
  return {
    id,
    code: `P${id.slice(-8)}`,
    description: 'Ten percent off',
    discount: { percent: 10 },
    validUntil: null,
    maxUses: null,
    uses: 0,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

export function makeAdminUser(overrides: Partial<AdminUser> = {}): AdminUser {
  const id = newId();
  return {
    id,
    email: `coach-${id.toLowerCase()}@example.com`,
    name: 'Coach',
    role: 'owner',
    passwordHash: 'scrypt$hash',
    totpSecret: null,
    totpEnabledAt: null,
    totpLastStep: null,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

export function makeSession(userId: string, overrides: Partial<AdminSession> = {}): AdminSession {
  return { id: newId(), userId, ip: '203.0.113.7', createdAt: at(0), expiresAt: at(60), ...overrides };
}

export function makeOutboxEntry(message: Message, overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    id: newId(),
    messageId: message.id,
    conversationId: message.conversationId,
    channel: message.channel,
    recipient: 'chat-42',
    status: 'pending',
    attempts: 0,
    nextAttemptAt: at(0),
    leaseUntil: null,
    claimedBy: null,
    lastError: null,
    createdAt: at(0),
    updatedAt: at(0),
    ...overrides,
  };
}

export function makeAuditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: newId(),
    userId: null,
    action: 'settings.update',
    target: null,
    details: null,
    ip: null,
    createdAt: at(0),
    ...overrides,
  };
}

export function makeTrackedLink(conversationId: string, overrides: Partial<TrackedLink> = {}): TrackedLink {
  const id = newId();
  return {
    id,
    conversationId,
    url: `https://pay.example.com/yoga?ref=${id}`,
    clicks: 0,
    createdAt: at(0),
    lastClickAt: null,
    ...overrides,
  };
}

/** A contact and a group conversation it belongs to: the parents most rows need. */
export async function seedConversation(
  store: Store,
  overrides: Partial<Conversation> = {},
): Promise<{ contact: Contact; conversation: Conversation }> {
  const contact = await store.contacts.create(makeContact());
  const conversation = await store.conversations.create(makeConversation(overrides));
  await store.conversations.addMember({
    conversationId: conversation.id,
    contactId: contact.id,
    lastReadMessageId: null,
    joinedAt: at(0),
  });
  return { contact, conversation };
}

/** Asserts that `promise` rejects with a ConflictError (naming `field` when given). */
export async function expectConflict(promise: Promise<unknown>, field?: string): Promise<void> {
  const error = await promise.then(
    () => null,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(ConflictError);
  if (field !== undefined) expect((error as ConflictError).field).toBe(field);
}

/** A promise settled from outside, to hold a transaction open at a chosen point. */
export function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Lets timers and pending I/O callbacks run, so a call that is not blocked gets to finish. */
export function settle(): Promise<void> {
  return new Promise((done) => setTimeout(done, 25));
}

/**
 * What the inbox shows for a search: each listed conversation's matched message (the list names it,
 * `ConversationPage.matches`; the inbox reads it by id), by conversation id.
 */
export async function searchPassages(
  store: Pick<Store, 'conversations' | 'inbox'>,
  query: string,
  kinds: ConversationKind[] = ['assistant', 'group'],
): Promise<Record<string, Message>> {
  const page = await store.conversations.list({ query, kinds });
  return store.inbox.matches(Object.values(page.matches ?? {}));
}
