/**
 * The Baileys provider wired to Kora: auth state sealed with SECRET_KEY in the database, the lease
 * named after this process, customer messages into the engine, the coach writing from the linked
 * phone taking the conversation over. The SDK is loaded only when this provider is chosen.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { DbAuthStore } from './auth-state.js';
import { BaileysProvider } from './provider.js';
import { createSealedBox } from '../../../core/sealed-box.js';
import type { BaileysSocketFactory } from './socket.js';
import type { WhatsAppProvider, WhatsAppQr } from '../provider.js';
import type { ChannelStatus } from '../../../core/channels.js';
import type { Engine } from '../../../core/engine.js';
import type { Logger } from '../../../core/logger.js';
import type { Store } from '../../../core/repositories.js';

export interface BaileysDeps {
  engine: Engine;
  store: Store;
  logger: Logger;
  secretKey: string;
  /** Tests inject a fake socket; the app uses Baileys' makeWASocket. */
  socketFactory?: BaileysSocketFactory;
  onChange?: (status: ChannelStatus, qr: WhatsAppQr | null) => void;
  leaseMs?: number;
  backoff?: { baseMs: number; maxMs: number };
}

export async function createBaileysProvider(deps: BaileysDeps): Promise<WhatsAppProvider> {
  const { engine, store, logger } = deps;
  const client = await import('./client.js');
  const auth = new DbAuthStore({
    repository: store.channelState,
    namespace: 'whatsapp:baileys',
    box: createSealedBox(deps.secretKey, 'whatsapp-auth'),
    sdk: client.baileysAuthSdk,
    now: () => new Date(),
  });
  return new BaileysProvider({
    socketFactory: deps.socketFactory ?? client.createBaileysSocketFactory(logger),
    auth,
    leases: store.leases,
    holder: `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
    logger,
    onEvent: (event) => engine.ingest(event),
    async onCoachReply(chatId) {
      const conversation = await store.conversations.findLatestByExternalChat('whatsapp', chatId);
      if (conversation && !conversation.handoff) await engine.setHandoff(conversation.id, true);
    },
    ...(deps.onChange ? { onChange: deps.onChange } : {}),
    ...(deps.leaseMs ? { leaseMs: deps.leaseMs } : {}),
    ...(deps.backoff ? { backoff: deps.backoff } : {}),
  });
}
