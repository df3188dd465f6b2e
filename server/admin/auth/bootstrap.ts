/**
 * The owner account: created (or its password reset) from ADMIN_EMAIL/ADMIN_PASSWORD at start, or,
 * on a fresh install without them, a one-time setup link printed at start (valid 24 hours).
 */
import { createHash, randomBytes } from 'node:crypto';
import { ConflictError } from '../../../core/errors.js';
import type { Clock, IdGenerator } from '../../../core/ids.js';
import type { Repositories, Store } from '../../../core/repositories.js';
import { hashPassword } from './passwords.js';

const SETUP_KEY = 'admin.setup_token';
const SETUP_TTL_MS = 24 * 3_600_000;

export type OwnerState =
  | { kind: 'configured'; email: string }
  | { kind: 'exists' }
  | { kind: 'setup'; token: string };

function hash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** The owner's password set from ADMIN_PASSWORD: its sessions end (an old password's sessions too). */
async function resetOwner(store: Store, id: string, passwordHash: string, now: string) {
  await store.adminUsers.update(id, { passwordHash, role: 'owner', updatedAt: now });
  await store.sessions.deleteForUser(id);
}

async function upsertOwner(store: Store, ids: IdGenerator, now: string, email: string, password: string) {
  const passwordHash = await hashPassword(password);
  const existing = await store.adminUsers.getByEmail(email);
  if (existing) return resetOwner(store, existing.id, passwordHash, now);
  try {
    await store.adminUsers.create({
      id: ids.next(),
      email: email.toLowerCase(),
      name: email.split('@')[0] ?? 'Owner',
      role: 'owner',
      passwordHash,
      totpSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
      createdAt: now,
      updatedAt: now,
    });
  } catch (error) {
    // Several processes on one database (DATABASE_URL) starting together: another one created the
    // owner after this one looked. It is there now; set it as a later start would.
    const created = error instanceof ConflictError ? await store.adminUsers.getByEmail(email) : null;
    if (!created) throw error;
    await resetOwner(store, created.id, passwordHash, now);
  }
}

export async function ensureOwner(
  store: Store,
  ids: IdGenerator,
  clock: Clock,
  admin: { email: string; password: string } | undefined,
): Promise<OwnerState> {
  const now = clock.now();
  if (admin) {
    await upsertOwner(store, ids, now.toISOString(), admin.email, admin.password);
    await store.settings.setValue(SETUP_KEY, null);
    return { kind: 'configured', email: admin.email.toLowerCase() };
  }
  if ((await store.adminUsers.count()) > 0) return { kind: 'exists' };
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SETUP_TTL_MS).toISOString();
  await store.settings.setValue(SETUP_KEY, JSON.stringify({ hash: hash(token), expiresAt }));
  return { kind: 'setup', token };
}

/** Consumes the setup token: true once for the printed token while it is valid and no owner exists. */
export async function consumeSetupToken(store: Repositories, token: string, now: Date): Promise<boolean> {
  const raw = await store.settings.getValue(SETUP_KEY);
  if (!raw) return false;
  const stored = JSON.parse(raw) as { hash: string; expiresAt: string };
  if (stored.hash !== hash(token) || stored.expiresAt <= now.toISOString()) return false;
  if ((await store.adminUsers.count()) > 0) return false;
  await store.settings.setValue(SETUP_KEY, null);
  return true;
}
