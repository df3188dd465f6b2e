/** What the engine tells the outside (socket.io rooms, the admin panel) after state changed. */
import type { Booking } from './bookings/types.js';
import type { ChannelStatus } from './channels.js';
import type {
  Campaign,
  ChannelName,
  Contact,
  Conversation,
  DeliveryCounts,
  DeliveryView,
  Message,
} from './types.js';

export interface EngineEvents {
  message: { conversation: Conversation; message: Message };
  'message:status': { message: Message };
  conversation: { conversation: Conversation; change: 'created' | 'updated' | 'handoff' };
  /** A contact joined or left a group or private conversation (live sockets join or leave its room). */
  membership: { conversation: Conversation; contactId: string; change: 'added' | 'removed' };
  typing: { conversationId: string; contact: Contact };
  read: { conversationId: string; contactId: string; messageId: string };
  /** The answer as it grows (STANDARD conversations, streaming providers); the stored message follows. */
  'assistant:delta': { conversationId: string; text: string };
  /** The day's AI token budget is spent: the offline assistant answers until tomorrow (UTC). */
  'assistant:budget': { day: string; used: number; budget: number };
  /** A campaign delivery changed (sent, skipped, failed, then delivered or read by its message). */
  delivery: { campaignId: string; delivery: DeliveryView };
  /** A campaign's status or progress changed; `counts` at most every second while it sends. */
  campaign: { campaign: Campaign; counts: DeliveryCounts };
  /** A booking was made or changed (booked, waiting, offered, cancelled, paid, checked in, no-show). */
  booking: { booking: Booking };
  /** A provider answered 429: nothing more goes to that channel before `untilMs` (epoch ms). */
  'channel:throttled': { channel: ChannelName; untilMs: number };
  /**
   * A channel's status changed (connected, lost, a new QR code to scan). The QR value itself is not
   * carried: whoever scans it links their phone, so the panel fetches it (owner only) when told.
   */
  channel: { channel: ChannelName; status: ChannelStatus; qrIssuedAt: string | null };
}

type Listener<T> = (payload: T) => void;

/** A tiny typed emitter: listeners run synchronously; one failing listener does not stop the others. */
export class EventBus {
  readonly #listeners = new Map<keyof EngineEvents, Set<Listener<never>>>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void = () => {}) {
    this.#onListenerError = onListenerError;
  }

  on<K extends keyof EngineEvents>(event: K, listener: Listener<EngineEvents[K]>): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  emit<K extends keyof EngineEvents>(event: K, payload: EngineEvents[K]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of set) {
      try {
        (listener as Listener<EngineEvents[K]>)(payload);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}
