import type {
  AuditLogRepository,
  LoginAttemptRepository,
  LoginAttemptReservation,
  SessionRepository,
} from '../../../core/repositories.js';
import { compare, conflict, copy, type Gate, type MemoryState, slice } from './state.js';

export function createSessionRepository(state: MemoryState, gate: Gate): SessionRepository {
  const { sessions } = state;
  return {
    create: (session) =>
      gate(() => {
        if (sessions.has(session.id)) throw conflict('session', ['id']);
        sessions.set(session.id, copy(session));
      }),
    get: (id) => gate(() => copy(sessions.get(id) ?? null)),
    delete: (id) =>
      gate(() => {
        sessions.delete(id);
      }),
    deleteForUser: (userId) =>
      gate(() => {
        for (const session of [...sessions.values()])
          if (session.userId === userId) sessions.delete(session.id);
      }),
    /** A session whose expiry is at or before `now` is expired. */
    deleteExpired: (now) =>
      gate(() => {
        let removed = 0;
        for (const session of [...sessions.values()]) {
          if (session.expiresAt <= now) {
            sessions.delete(session.id);
            removed++;
          }
        }
        return removed;
      }),
  };
}

/** Each key's slots (slot number → attempt), as the embedded store's unique (key, slot). */
export function createLoginAttemptRepository(state: MemoryState, gate: Gate): LoginAttemptRepository {
  const { loginAttempts } = state;
  const held = (attemptKey: string, since: string) =>
    [...(loginAttempts.get(attemptKey)?.values() ?? [])].map((a) => a.at).filter((at) => at >= since);
  return {
    reserve: (attempt, since, limit) =>
      gate((): LoginAttemptReservation => {
        const slots = loginAttempts.get(attempt.key) ?? new Map<number, { id: string; at: string }>();
        loginAttempts.set(attempt.key, slots);
        for (let slot = 0; slot < limit; slot++) {
          const current = slots.get(slot);
          if (current && current.at >= since) continue;
          slots.set(slot, { id: attempt.id, at: attempt.at });
          return { reserved: true };
        }
        return { reserved: false, oldest: held(attempt.key, since).sort(compare)[0] ?? null };
      }),
    release: (attemptKey, id) =>
      gate(() => {
        const slots = loginAttempts.get(attemptKey);
        for (const [slot, attempt] of slots ?? []) if (attempt.id === id) slots?.delete(slot);
      }),
    count: (attemptKey, since) =>
      gate(() => {
        const recent = held(attemptKey, since).sort(compare);
        return { count: recent.length, oldest: recent[0] ?? null };
      }),
    clear: (attemptKey) =>
      gate(() => {
        loginAttempts.delete(attemptKey);
      }),
  };
}

export function createAuditLogRepository(state: MemoryState, gate: Gate): AuditLogRepository {
  const { auditLog } = state;
  return {
    append: (entry) =>
      gate(() => {
        if (auditLog.has(entry.id)) throw conflict('audit entry', ['id']);
        auditLog.set(entry.id, copy(entry));
      }),
    /** Newest first. */
    list: (query) =>
      gate(() => {
        const { userId, area, from, to } = query;
        const entries = [...auditLog.values()]
          .filter(
            (entry) =>
              (userId === undefined || entry.userId === userId) &&
              (area === undefined || entry.action === area || entry.action.startsWith(`${area}.`)) &&
              (from === undefined || entry.createdAt >= from) &&
              (to === undefined || entry.createdAt < to),
          )
          .sort((a, b) => compare(b.createdAt, a.createdAt) || compare(b.id, a.id));
        return { items: slice(entries, query).map(copy), total: entries.length };
      }),
  };
}
