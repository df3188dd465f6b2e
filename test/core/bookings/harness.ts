/** A booking service on a real store with a settable clock, an outbox and a recording channel. */
import { BookingService } from '../../../core/bookings/service.js';
import type { PaymentProvider } from '../../../core/bookings/payment-port.js';
import type { ClassDef } from '../../../core/bookings/types.js';
import { createClass, type ClassInput } from '../../../core/bookings/classes-admin.js';
import { ChannelRegistry } from '../../../core/channels.js';
import { newConversation } from '../../../core/conversations.js';
import { EventBus } from '../../../core/events.js';
import { type Clock, createUlidGenerator } from '../../../core/ids.js';
import { silentLogger } from '../../../core/logger.js';
import { createOutbox, type Outbox } from '../../../core/outbox.js';
import type { Store } from '../../../core/repositories.js';
import type { Contact, Conversation } from '../../../core/types.js';
import { RecordingChannel } from '../../fakes/recording-channel.js';

export const TZ = 'Europe/Zurich';

export interface Harness {
  store: Store;
  service: BookingService;
  channel: RecordingChannel;
  outbox: Outbox;
  clock: Clock & { set(iso: string): void; advance(minutes: number): void };
  customer(name: string): Promise<{ contact: Contact; conversation: Conversation }>;
  klass(input: Partial<ClassInput>): Promise<ClassDef>;
}

export function settableClock(start: string): Harness['clock'] {
  let time = Date.parse(start);
  return {
    now: () => new Date(time),
    set: (iso) => {
      time = Date.parse(iso);
    },
    advance: (minutes) => {
      time += minutes * 60_000;
    },
  };
}

export function harness(
  store: Store,
  clock: Harness['clock'],
  payments: PaymentProvider | null = null,
): Harness {
  const ids = createUlidGenerator(clock);
  const channel = new RecordingChannel('telegram');
  const registry = new ChannelRegistry();
  registry.register(channel);
  const events = new EventBus();
  const outbox = createOutbox({ store, registry, events, clock, logger: silentLogger });
  const service = new BookingService({
    store,
    ids,
    clock,
    events,
    outbox,
    logger: silentLogger,
    timeZone: TZ,
    publicUrl: 'https://coach.example',
    payments,
  });
  let chat = 1000;
  return {
    store,
    service,
    channel,
    outbox,
    clock,
    async customer(name) {
      const now = clock.now().toISOString();
      const contact: Contact = {
        id: ids.next(),
        name,
        email: null,
        phone: null,
        emailVerified: false,
        phoneVerified: false,
        tags: [],
        createdAt: now,
        updatedAt: now,
      };
      await store.contacts.create(contact);
      const conversation = newConversation(
        {
          id: ids.next(),
          kind: 'assistant',
          title: name,
          contactId: contact.id,
          channel: 'telegram',
          externalChatId: String(chat++),
          linkId: null,
          mode: 'standard',
        },
        now,
      );
      await store.conversations.create(conversation);
      return { contact, conversation };
    },
    klass: (input) =>
      createClass(
        { store, ids, clock, timeZone: TZ },
        {
          title: 'Yoga',
          startsAt: '2026-12-10T18:30',
          durationMinutes: 60,
          capacity: 2,
          payment: 'free',
          ...input,
        },
      ),
  };
}

/** Waits until the channel has sent `count` messages (sends are asynchronous, through the outbox). */
export async function sentCount(channel: RecordingChannel, count: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (channel.sent.length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} sends, got ${channel.sent.length}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
