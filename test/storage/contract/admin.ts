import { describe, expect, it } from 'vitest';
import { describeCrud } from './crud.js';
import {
  at,
  type ContractContext,
  expectConflict,
  makeAdminUser,
  makeAuditEntry,
  makeSession,
  newId,
} from './fixtures.js';

function describeAdminUsers(context: ContractContext): void {
  describeCrud('admin users', context, {
    repository: (store) => store.adminUsers,
    make: () => makeAdminUser(),
    patch: { name: 'Head coach', role: 'agent', passwordHash: 'scrypt$other' },
  });

  describe('admin users', () => {
    const users = () => context.store().adminUsers;

    it('finds a user by email ignoring case, and counts users', async () => {
      expect(await users().count()).toBe(0);
      const user = await users().create(makeAdminUser({ email: 'Coach@Example.com' }));
      await users().create(makeAdminUser());
      expect(await users().getByEmail('coach@example.COM')).toEqual(user);
      expect(await users().getByEmail('other@example.com')).toBeNull();
      expect(await users().count()).toBe(2);
    });

    it('rejects an email taken in any case', async () => {
      const user = await users().create(makeAdminUser({ email: 'coach@example.com' }));
      await expectConflict(users().create(makeAdminUser({ email: 'COACH@example.com' })), 'email');
      const other = await users().create(makeAdminUser());
      await expectConflict(users().update(other.id, { email: 'Coach@Example.com' }), 'email');
      expect(await users().list()).toEqual([user, other]);
    });
  });
}

function describeSessions(context: ContractContext): void {
  describe('sessions', () => {
    const sessions = () => context.store().sessions;

    it('creates, reads and deletes a session', async () => {
      const session = makeSession('user-1');
      await sessions().create(session);
      expect(await sessions().get(session.id)).toEqual(session);
      await expectConflict(sessions().create(session));
      await sessions().delete(session.id);
      expect(await sessions().get(session.id)).toBeNull();
      await sessions().delete(session.id);
    });

    it('deletes every session of a user', async () => {
      const [a, b] = [makeSession('user-1'), makeSession('user-1', { ip: null })];
      const kept = makeSession('user-2');
      for (const session of [a, b, kept]) await sessions().create(session);
      await sessions().deleteForUser('user-1');
      expect(await sessions().get(a.id)).toBeNull();
      expect(await sessions().get(b.id)).toBeNull();
      expect(await sessions().get(kept.id)).toEqual(kept);
    });

    it('deletes expired sessions and counts them', async () => {
      const expired = [makeSession('u', { expiresAt: at(1) }), makeSession('u', { expiresAt: at(9) })];
      const live = makeSession('u', { expiresAt: at(11) });
      for (const session of [...expired, live]) await sessions().create(session);
      expect(await sessions().deleteExpired(at(10))).toBe(2);
      expect(await sessions().get(expired[0]!.id)).toBeNull();
      expect(await sessions().get(live.id)).toEqual(live);
      expect(await sessions().deleteExpired(at(10))).toBe(0);
    });
  });
}

function describeLoginAttempts(context: ContractContext): void {
  describe('login attempts', () => {
    const attempts = () => context.store().loginAttempts;

    it('counts failures since a time with the oldest, per key, until cleared', async () => {
      for (const minute of [1, 2, 3]) await attempts().record('coach@example.com', at(minute));
      await attempts().record('203.0.113.7', at(2));
      expect(await attempts().count('coach@example.com', at(0))).toEqual({ count: 3, oldest: at(1) });
      expect(await attempts().count('coach@example.com', at(2))).toEqual({ count: 2, oldest: at(2) });
      expect(await attempts().count('coach@example.com', at(4))).toEqual({ count: 0, oldest: null });
      await attempts().clear('coach@example.com');
      expect(await attempts().count('coach@example.com', at(0))).toEqual({ count: 0, oldest: null });
      expect(await attempts().count('203.0.113.7', at(0))).toEqual({ count: 1, oldest: at(2) });
    });
  });
}

function describeAuditLog(context: ContractContext): void {
  describe('audit log', () => {
    const auditLog = () => context.store().auditLog;

    it('pages entries newest first with the total', async () => {
      const first = makeAuditEntry({ createdAt: at(1), details: { fields: ['basePrompt'], count: 2 } });
      const second = makeAuditEntry({ createdAt: at(2), userId: newId(), target: 'link:1', ip: '::1' });
      const third = makeAuditEntry({ createdAt: at(3), action: 'login', details: 'plain text' });
      for (const entry of [second, third, first]) await auditLog().append(entry);
      expect(await auditLog().list({})).toEqual({ items: [third, second, first], total: 3 });
      expect(await auditLog().list({ offset: 1, limit: 1 })).toEqual({ items: [second], total: 3 });
      expect(await auditLog().list({ offset: 3, limit: 10 })).toEqual({ items: [], total: 3 });
    });
  });
}

export function describeAdmin(context: ContractContext): void {
  describeAdminUsers(context);
  describeSessions(context);
  describeLoginAttempts(context);
  describeAuditLog(context);
}
