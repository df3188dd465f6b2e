/**
 * The Baileys link's lease between two processes on one PostgreSQL database (two stores): the holder
 * dies without letting the link go (its database is gone), and the other takes the link over once the
 * lease has run out, within a lease and one check interval; the defaults keep that within 30 s.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DbAuthStore } from '../../../bots/whatsapp/baileys/auth-state.js';
import { baileysAuthSdk } from '../../../bots/whatsapp/baileys/client.js';
import { BAILEYS_LEASE_MS, takeoverBoundMs } from '../../../bots/whatsapp/baileys/link-lease.js';
import { BaileysProvider } from '../../../bots/whatsapp/baileys/provider.js';
import { silentLogger } from '../../../core/logger.js';
import type { Store } from '../../../core/repositories.js';
import { createSealedBox } from '../../../core/sealed-box.js';
import { createPostgresStore } from '../../../storage/postgres/store.js';
import { postgresReachable, usePostgresStores } from '../../helpers/postgres-stores.js';
import { type FakeSocketFactory, fakeSocketFactory } from './fake-baileys-socket.js';

const reachable = await postgresReachable();
const freshStore = usePostgresStores();
const SECRET = 'a-secret-key-of-at-least-32-characters!!';
const LEASE_MS = 600;
const running: BaileysProvider[] = [];

function processOn(store: Store, holder: string, sockets: FakeSocketFactory): BaileysProvider {
  const provider = new BaileysProvider({
    socketFactory: sockets.factory,
    auth: new DbAuthStore({
      repository: store.channelState,
      namespace: 'whatsapp:baileys',
      box: createSealedBox(SECRET, 'whatsapp-auth'),
      sdk: baileysAuthSdk,
      now: () => new Date(),
    }),
    leases: store.leases,
    holder,
    logger: silentLogger,
    onEvent: async () => {},
    onCoachReply: async () => {},
    leaseMs: LEASE_MS,
    backoff: { baseMs: 20, maxMs: 80 },
  });
  running.push(provider);
  return provider;
}

afterEach(async () => {
  for (const provider of running.splice(0)) await provider.stop().catch(() => {});
});

describe('Baileys link lease', () => {
  it('takes over within 30 s of the holder’s death with the default timing', () => {
    expect(takeoverBoundMs(BAILEYS_LEASE_MS)).toBeLessThanOrEqual(30_000);
  });

  it.runIf(reachable)(
    'is taken over by the standby process once a dead holder’s lease runs out',
    async () => {
      const first = await freshStore();
      const second = await createPostgresStore({ url: first.url, maxConnections: 2 });
      const [socketsA, socketsB] = [fakeSocketFactory(), fakeSocketFactory()];
      const a = processOn(first.store, 'process-a', socketsA);
      const b = processOn(second, 'process-b', socketsB);
      await a.start();
      await b.start();
      await socketsA.nth(1);
      expect(b.status()).toMatchObject({ state: 'disconnected', detail: expect.stringMatching(/standby/) });
      // A dies: its database connections go, so it neither renews nor releases the link.
      await first.store.close();
      const died = Date.now();
      const taken = await socketsB.nth(1, takeoverBoundMs(LEASE_MS) + 1_000);
      const waited = Date.now() - died;
      expect(waited).toBeGreaterThan(LEASE_MS / 3);
      expect(waited).toBeLessThanOrEqual(takeoverBoundMs(LEASE_MS) + 500);
      taken.open('41791112233:7@s.whatsapp.net');
      expect(b.status().state).toBe('ready');
      await b.stop();
      await second.close();
      await first.cleanup().catch(() => {});
    },
  );
});
