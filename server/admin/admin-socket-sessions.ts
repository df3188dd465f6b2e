/**
 * The `/admin` sockets' rooms, kept true to the sessions behind them. Every socket is in the room
 * of its session and of its user, in `coaches`, and in `owners` while its user is an owner; ending a
 * session or changing a role acts on those rooms through the adapter (so, with a cluster adapter, on
 * every process). Owner-only events go to `owners` alone (admin-socket.ts).
 */
import type { Namespace, Socket } from 'socket.io';
import type { Clock } from '../../core/ids.js';
import type { Store } from '../../core/repositories.js';
import type { AdminRole } from '../../core/types.js';
import type { LiveSessions } from './live-sessions.js';

export const COACHES = 'coaches';
export const OWNERS = 'owners';
/** setTimeout's longest delay; sessions last 7 days, well under it. */
const MAX_TIMER_MS = 2 ** 31 - 1;

const sessionRoom = (sessionId: string) => `session:${sessionId}`;
const userRoom = (userId: string) => `user:${userId}`;

/** What the handshake found: the session, its user's role then, and when the session expires. */
export interface AdminSocketData {
  sessionId: string;
  userId: string;
  role: AdminRole;
  expiresAt: string;
}

export class AdminSocketSessions implements LiveSessions {
  #namespace: Namespace | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  attach(namespace: Namespace): void {
    this.#namespace = namespace;
  }

  get #sockets(): Namespace {
    if (!this.#namespace) throw new Error('the /admin namespace is not mounted yet');
    return this.#namespace;
  }

  sessionEnded(sessionId: string): void {
    this.#sockets.in(sessionRoom(sessionId)).disconnectSockets(true);
  }

  userSessionsEnded(userId: string): void {
    this.#sockets.in(userRoom(userId)).disconnectSockets(true);
  }

  async userChanged(userId: string): Promise<void> {
    const user = await this.store.adminUsers.get(userId);
    const sockets = this.#sockets.in(userRoom(userId));
    if (!user) sockets.disconnectSockets(true);
    else if (user.role === 'owner') sockets.socketsJoin(OWNERS);
    else sockets.socketsLeave(OWNERS);
  }

  /** A socket that passed the handshake: its rooms, its session's end, then one more check. */
  admit(socket: Socket): void {
    const data = socket.data as AdminSocketData;
    socket.join([COACHES, sessionRoom(data.sessionId), userRoom(data.userId)]);
    if (data.role === 'owner') socket.join(OWNERS);
    const left = Date.parse(data.expiresAt) - this.clock.now().getTime();
    const expiry = setTimeout(() => socket.disconnect(true), Math.min(Math.max(left, 0), MAX_TIMER_MS));
    socket.on('disconnect', () => clearTimeout(expiry));
    // A logout or role change that ran while the handshake read the session found this socket in no
    // room yet: reading again now that it is in them sees what that change wrote.
    void this.#recheck(socket, data);
  }

  async #recheck(socket: Socket, data: AdminSocketData): Promise<void> {
    try {
      const session = await this.store.sessions.get(data.sessionId);
      const user = session && (await this.store.adminUsers.get(session.userId));
      if (!user) socket.disconnect(true);
      else if (user.role === 'owner') socket.join(OWNERS);
      else socket.leave(OWNERS);
    } catch {
      socket.disconnect(true);
    }
  }
}
