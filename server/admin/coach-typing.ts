/**
 * The coach's typing (issue 19): the panel's composer emits `typing {conversationId}` on the `/admin`
 * socket while the coach writes; the web chat shows "Lina is typing…" to the members of that
 * conversation only (its room). At most one fan-out per coach and conversation every 1.5 s, as for
 * members (the panel emits every 2 s and the page shows it 3 s); repeats are acknowledged and dropped.
 */
import type { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import { coachConversation } from '../../core/coach.js';
import type { EventBus } from '../../core/events.js';
import type { AdminSocketData } from './admin-socket-sessions.js';
import type { AdminDeps } from './context.js';

const THROTTLE_MS = 1_500;
/** Keys kept at most (coach × conversation); the oldest go first. */
const MAX_KEYS = 10_000;
const typingSchema = z.strictObject({ conversationId: z.string().trim().min(1).max(100) });

type Ack = (reply: unknown) => void;

export class CoachTypingThrottle {
  readonly #last = new Map<string, number>();

  /** true when this coach's typing in this conversation should go out now. */
  take(userId: string, conversationId: string, now: number): boolean {
    const key = `${userId}:${conversationId}`;
    const last = this.#last.get(key);
    if (last !== undefined && now - last < THROTTLE_MS) return false;
    this.#last.delete(key);
    this.#last.set(key, now);
    if (this.#last.size > MAX_KEYS) this.#last.delete(this.#last.keys().next().value!);
    return true;
  }
}

async function relay(deps: AdminDeps, events: EventBus, data: AdminSocketData, conversationId: string) {
  // Members' private conversations are not the coach's (not_found), nor are other channels' chats shown.
  const conversation = await coachConversation(deps.store, conversationId);
  if (conversation.channel !== 'web') return;
  const user = await deps.store.adminUsers.get(data.userId);
  if (!user) return;
  events.emit('coach:typing', { conversationId, coach: { id: user.id, name: user.name } });
}

function listen(socket: Socket, deps: AdminDeps, events: EventBus, throttle: CoachTypingThrottle) {
  socket.on('typing', (payload: unknown, ack?: Ack) => {
    const reply: Ack = typeof ack === 'function' ? ack : () => {};
    const parsed = typingSchema.safeParse(payload ?? {});
    if (!parsed.success) {
      return reply({ ok: false, error: { code: 'validation_failed', field: 'conversationId' } });
    }
    const data = socket.data as AdminSocketData;
    const { conversationId } = parsed.data;
    if (!throttle.take(data.userId, conversationId, deps.clock.now().getTime())) return reply({ ok: true });
    relay(deps, events, data, conversationId).then(
      () => reply({ ok: true }),
      () => reply({ ok: false, error: { code: 'not_found' } }),
    );
  });
}

export function mountCoachTyping(namespace: Namespace, deps: AdminDeps, events: EventBus): void {
  const throttle = new CoachTypingThrottle();
  namespace.on('connection', (socket) => listen(socket, deps, events, throttle));
}
