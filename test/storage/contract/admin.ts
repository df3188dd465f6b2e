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
    patch: {
      name: 'Head coach',
      role: 'agent',
      passwordHash: 'scrypt$other',
      totpSecret: 'v1.sealed',
      totpEnabledAt: at(5),
      totpLastStep: 56_666_667,
    },
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

    it('keeps the TOTP fields, and turns them off with nulls', async () => {
      const user = await users().create(
        makeAdminUser({ totpSecret: 'v1.a.b.c', totpEnabledAt: at(1), totpLastStep: 12 }),
      );
      expect(await users().get(user.id)).toEqual(user);
      const off = { totpSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: at(2) };
      expect(await users().update(user.id, off)).toEqual({ ...user, ...off });
      expect(await users().get(user.id)).toEqual({ ...user, ...off });
    });

    it('accepts each TOTP step once, and only steps after the last one', async () => {
      const user = await users().create(makeAdminUser());
      const other = await users().create(makeAdminUser());
      expect(await users().useTotpStep(user.id, 100)).toBe(true);
      expect(await users().useTotpStep(user.id, 100)).toBe(false);
      expect(await users().useTotpStep(user.id, 99)).toBe(false);
      expect(await users().useTotpStep(user.id, 101)).toBe(true);
      expect(await users().useTotpStep('no-such-user', 5)).toBe(false);
      expect((await users().get(user.id))?.totpLastStep).toBe(101);
      expect((await users().get(other.id))?.totpLastStep).toBeNull();
      // Two logins racing with one code: exactly one wins.
      const raced = await Promise.all([users().useTotpStep(other.id, 7), users().useTotpStep(other.id, 7)]);
      expect(raced.filter(Boolean)).toHaveLength(1);
    });

    it('uses each recovery code once, per user; replacing or deleting the user drops them', async () => {
      const user = await users().create(makeAdminUser());
      const other = await users().create(makeAdminUser());
      await users().setRecoveryCodes(user.id, ['h1', 'h2', 'h3']);
      await users().setRecoveryCodes(other.id, ['h1']);
      expect(await users().countRecoveryCodes(user.id)).toBe(3);
      expect(await users().useRecoveryCode(user.id, 'h2')).toBe(true);
      expect(await users().useRecoveryCode(user.id, 'h2')).toBe(false);
      expect(await users().useRecoveryCode(user.id, 'nope')).toBe(false);
      expect(await users().countRecoveryCodes(user.id)).toBe(2);
      expect(await users().countRecoveryCodes(other.id)).toBe(1);

      await users().setRecoveryCodes(user.id, ['h4']);
      expect(await users().useRecoveryCode(user.id, 'h1')).toBe(false);
      expect(await users().countRecoveryCodes(user.id)).toBe(1);
      await users().setRecoveryCodes(user.id, []);
      expect(await users().countRecoveryCodes(user.id)).toBe(0);

      expect(await users().delete(other.id)).toBe(true);
      expect(await users().countRecoveryCodes(other.id)).toBe(0);
      expect(await users().delete(other.id)).toBe(false);
    });

    it('rolls recovery codes back with the transaction', async () => {
      const user = await users().create(makeAdminUser());
      await users().setRecoveryCodes(user.id, ['h1']);
      await expect(
        context.store().transaction(async (tx) => {
          expect(await tx.adminUsers.useRecoveryCode(user.id, 'h1')).toBe(true);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await users().countRecoveryCodes(user.id)).toBe(1);
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
    const attempt = (key: string, minute: number) => ({ key, id: newId(), at: at(minute) });

    it('reserves at most `limit` attempts of a key within the window, whatever arrives at once', async () => {
      const results = await Promise.all(
        Array.from({ length: 100 }, () => attempts().reserve(attempt('coach@example.com', 10), at(0), 5)),
      );
      expect(results.filter((result) => result.reserved)).toHaveLength(5);
      expect(results.filter((result) => !result.reserved)).toEqual(
        Array.from({ length: 95 }, () => ({ reserved: false, oldest: at(10) })),
      );
      expect(await attempts().count('coach@example.com', at(0))).toEqual({ count: 5, oldest: at(10) });
      expect(await attempts().reserve(attempt('203.0.113.7', 10), at(0), 5)).toEqual({ reserved: true });
    });

    it('answers the oldest attempt in the window, and reuses the slot of one that left it', async () => {
      for (const minute of [1, 2, 3])
        await attempts().reserve(attempt('coach@example.com', minute), at(0), 3);
      expect(await attempts().reserve(attempt('coach@example.com', 4), at(0), 3)).toEqual({
        reserved: false,
        oldest: at(1),
      });
      expect(await attempts().reserve(attempt('coach@example.com', 17), at(2), 3)).toEqual({
        reserved: true,
      });
      expect(await attempts().count('coach@example.com', at(2))).toEqual({ count: 3, oldest: at(2) });
      expect(await attempts().reserve(attempt('coach@example.com', 17), at(2), 3)).toEqual({
        reserved: false,
        oldest: at(2),
      });
    });

    it('releases one attempt by its id, and clears a key', async () => {
      const first = attempt('coach@example.com', 1);
      await attempts().reserve(first, at(0), 2);
      await attempts().reserve(attempt('coach@example.com', 2), at(0), 2);
      await attempts().reserve(attempt('203.0.113.7', 2), at(0), 2);
      await attempts().release('coach@example.com', first.id);
      await attempts().release('coach@example.com', 'unknown');
      expect(await attempts().count('coach@example.com', at(0))).toEqual({ count: 1, oldest: at(2) });
      expect(await attempts().reserve(attempt('coach@example.com', 3), at(0), 2)).toEqual({ reserved: true });
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

    it('filters by user, by area of the action and by time, with the total of the filtered (issue 19)', async () => {
      const alice = newId();
      const bob = newId();
      const entries = [
        makeAuditEntry({ createdAt: at(1), userId: alice, action: 'contacts.update' }),
        makeAuditEntry({ createdAt: at(2), userId: alice, action: 'contacts.import' }),
        makeAuditEntry({ createdAt: at(3), userId: bob, action: 'contacts.update' }),
        makeAuditEntry({ createdAt: at(4), userId: bob, action: 'campaigns.launch' }),
        // A longer area sharing the first letters is another area.
        makeAuditEntry({ createdAt: at(5), userId: alice, action: 'contactsx.update' }),
        makeAuditEntry({ createdAt: at(6), userId: null, action: 'contacts' }),
      ];
      for (const entry of entries) await auditLog().append(entry);
      const ids = (page: { items: { id: string }[] }) => page.items.map((entry) => entry.id);
      const [e1, e2, e3, e4, e5, e6] = entries.map((entry) => entry.id);
      expect(ids(await auditLog().list({ userId: alice }))).toEqual([e5, e2, e1]);
      expect(ids(await auditLog().list({ area: 'contacts' }))).toEqual([e6, e3, e2, e1]);
      expect(ids(await auditLog().list({ area: 'campaigns' }))).toEqual([e4]);
      expect(await auditLog().list({ area: 'contacts', userId: bob })).toMatchObject({ total: 1 });
      expect(ids(await auditLog().list({ from: at(2), to: at(4) }))).toEqual([e3, e2]);
      const paged = await auditLog().list({ area: 'contacts', offset: 1, limit: 2 });
      expect({ ids: ids(paged), total: paged.total }).toEqual({ ids: [e3, e2], total: 4 });
      expect(await auditLog().list({ area: 'nothing' })).toEqual({ items: [], total: 0 });
      // A percent or underscore is a letter, not a pattern.
      expect((await auditLog().list({ area: 'contact_' })).total).toBe(0);
      expect((await auditLog().list({ area: '%' })).total).toBe(0);
    });
  });
}

export function describeAdmin(context: ContractContext): void {
  describeAdminUsers(context);
  describeSessions(context);
  describeLoginAttempts(context);
  describeAuditLog(context);
}
