/** Sessions as the coach and customers see them: computed from the classes, with the places held. */
import { NotFoundError } from '../errors.js';
import type { Store } from '../repositories.js';
import { type ComputedSession, parseSessionId, sessionOn, sessionsBetween } from './calendar.js';
import type { ClassDef, ClassSession } from './types.js';

export interface SessionView extends ClassSession {
  klass: ClassDef;
  placesLeft: number;
}

/** The class and computed session of a session id; NotFoundError when the class has no such session. */
export async function findSession(
  store: Store,
  id: string,
  timeZone: string,
): Promise<{ klass: ClassDef; session: ComputedSession }> {
  const parsed = parseSessionId(id);
  const klass = parsed ? await store.classes.get(parsed.classId) : null;
  const session = klass && parsed ? sessionOn(klass, parsed.date, timeZone) : null;
  if (!klass || !session) throw new NotFoundError('No such session', 'sessionId');
  return { klass, session };
}

/** Every session starting in [from, to), in time order, with its places. */
export async function sessionsIn(
  store: Store,
  from: Date,
  to: Date,
  timeZone: string,
): Promise<SessionView[]> {
  const classes = await store.classes.list();
  const computed = classes.flatMap((klass) =>
    sessionsBetween(klass, from, to, timeZone).map((session) => ({ klass, session })),
  );
  const states = new Map(
    (await store.bookings.sessions(computed.map((c) => c.session.id))).map((s) => [s.id, s]),
  );
  return computed
    .map(({ klass, session }) => {
      const state = states.get(session.id);
      const booked = state?.booked ?? 0;
      return {
        id: session.id,
        classId: klass.id,
        title: klass.title,
        startsAt: session.startsAt,
        capacity: klass.capacity,
        booked,
        waiting: state?.waiting ?? 0,
        cancelled: state?.cancelled ?? false,
        klass,
        placesLeft: Math.max(0, klass.capacity - booked),
      };
    })
    .sort((a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : a.id < b.id ? -1 : 1));
}

/** The public shape of a session (CONTRACT.md `GET /api/admin/sessions`). */
export function toSession(view: SessionView): ClassSession {
  const { klass: _klass, placesLeft: _left, ...session } = view;
  return session;
}
