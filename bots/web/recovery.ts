/**
 * Connection state recovery without stale rooms. socket.io restores the rooms a socket had when it
 * dropped, and replays what those rooms got meanwhile; a member removed from a group (or whose group
 * was deleted) during the drop would keep receiving it. So a session is restored only when the store
 * still grants every conversation room it held (else the client connects afresh, with the rooms the
 * store gives, and reads history); and a recovered socket also leaves any room the store no longer
 * grants by the time it is connected.
 */
import type { Namespace, Socket } from 'socket.io';
import type { Store } from '../../core/repositories.js';
import { conversationRoom, memberRoom } from './adapter.js';

/** The rooms a member's sockets belong in, as the store says now. */
export async function roomsOf(store: Store, memberId: string): Promise<string[] | null> {
  const contact = await store.contacts.findByIdentity('web', memberId);
  if (!contact) return null;
  const list = await store.conversations.listForContact(contact.id);
  return [memberRoom(memberId), ...list.map((c) => conversationRoom(c.id))];
}

/** Rooms the chat grants (the rest, such as a socket's own id room, are socket.io's). */
const isChatRoom = (room: string) => room.startsWith('conversation:') || room.startsWith('member:');

/**
 * Wraps the namespace adapter's `restoreSession` (whatever adapter the server was given): a session
 * holding a room its member lost is not restored, so none of that room's missed packets are replayed.
 */
export function recheckRestoredSessions(namespace: Namespace, store: Store): void {
  const adapter = namespace.adapter;
  const restore = adapter.restoreSession.bind(adapter);
  // socket.io's adapters answer null for "nothing to restore", although the typing says Session.
  adapter.restoreSession = (async (pid: string, offset: string) => {
    const session = await restore(pid, offset);
    if (!session) return session;
    const held = session.rooms.filter(isChatRoom);
    if (held.length === 0) return session;
    const memberId = (session.data as { memberId?: unknown } | undefined)?.memberId;
    const granted = typeof memberId === 'string' ? await roomsOf(store, memberId) : null;
    return granted && held.every((room) => granted.includes(room)) ? session : null;
  }) as typeof adapter.restoreSession;
}

/** On a recovered socket: leaves the chat rooms not in `granted` (read from the store at its handshake). */
export function leaveRevokedRooms(socket: Socket, granted: readonly string[]): void {
  for (const room of [...socket.rooms]) {
    if (isChatRoom(room) && !granted.includes(room)) socket.leave(room);
  }
}
