import type {
  AuditLogRepository,
  LoginAttemptRepository,
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

export function createLoginAttemptRepository(state: MemoryState, gate: Gate): LoginAttemptRepository {
  const { loginAttempts } = state;
  return {
    record: (attemptKey, at) =>
      gate(() => {
        loginAttempts.set(attemptKey, [...(loginAttempts.get(attemptKey) ?? []), at]);
      }),
    count: (attemptKey, since) =>
      gate(() => {
        const recent = (loginAttempts.get(attemptKey) ?? []).filter((at) => at >= since).sort(compare);
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
        const entries = [...auditLog.values()].sort(
          (a, b) => compare(b.createdAt, a.createdAt) || compare(b.id, a.id),
        );
        return { items: slice(entries, query).map(copy), total: entries.length };
      }),
  };
}
