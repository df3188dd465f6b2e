/**
 * The composition root: config in, a running Kora out (store, engine, outbox, channels, HTTP,
 * socket.io). `close()` stops taking work, finishes turns in flight and leaves unsent replies in
 * the outbox for the next start.
 */
import {
  BookingChat,
  BookingService,
  type PackCredits,
  type PaymentProvider,
  sweepBookings,
} from '../core/bookings/index.js';
import { bookingQrRoutes } from './http/booking-qr.js';
import http from 'node:http';
import express, { Router } from 'express';
import { Server as SocketServer } from 'socket.io';
import { createOfflineProvider } from '../core/assistant/offline-provider.js';
import { type ChannelAdapter, ChannelRegistry } from '../core/channels.js';
import { ChannelDirectory } from '../core/channels/directory.js';
import { createEngine, type Engine } from '../core/engine.js';
import { EventBus } from '../core/events.js';
import { createUlidGenerator, systemClock } from '../core/ids.js';
import { createSealedBox } from '../core/sealed-box.js';
import type { Logger } from '../core/logger.js';
import { createOutbox, type Outbox } from '../core/outbox.js';
import { storeRateLimits } from '../core/rate-limits.js';
import type { Store } from '../core/repositories.js';
import type { ChannelName } from '../core/types.js';
import { AddressLimits, type WebLimits } from '../bots/web/address-limits.js';
import { createMemberTokens } from '../bots/web/member-token.js';
import { mountChatNamespace } from '../bots/web/namespace.js';
import { SlidingWindowLimiter } from '../bots/web/rate-limit.js';
import {
  type CampaignRuntime,
  type CampaignRuntimeOptions,
  createCampaignRuntime,
} from '../scheduler/runtime.js';
import { BOOKINGS_JOB, HANDBACK_JOB } from '../scheduler/scheduler.js';
import { ensureOwner, type OwnerState } from './admin/auth/bootstrap.js';
import type { AdminDeps } from './admin/context.js';
import { mountAdminNamespace } from './admin/admin-socket.js';
import { createScheduledReplies } from './scheduled-replies.js';
import { AdminSocketSessions } from './admin/admin-socket-sessions.js';
import { openBackends, type PostgresStoreOpener, type StoreKind } from './backends.js';
import type { Config } from './config.js';
import { apiNotFound, createErrorHandler } from './http/errors.js';
import { healthRoutes } from './http/health.js';
import { lazyRouter } from './http/lazy-router.js';
import { paymentRedirect } from './http/payment-redirect.js';
import { createPayments } from './payments/index.js';
import { defaultDistDir, staticRoutes } from './http/static.js';
import { listen } from './listen.js';
import { webChatRoutes } from './http/web-chat-routes.js';
import { ensureDefaultLink } from './first-start.js';
import { selectProvider } from './ai/select-provider.js';
import { startChannels } from './channels/compose.js';
import { CHANNEL_PLUGINS } from './channels/index.js';
import { handBackIdle } from './handback.js';
import type { WhatsAppPluginOptions } from '../bots/whatsapp/plugin.js';
import { isWhatsAppAdminView } from '../bots/whatsapp/provider.js';
import { isSystemMailer } from '../bots/email/adapter.js';
import { TransportCap } from './engine-cap.js';
import { createLogger } from './logger.js';
import { toE164 } from './phone.js';
import { processHolder } from './process-holder.js';
import { resolveSecretKey } from './secret-key.js';
import { addressKey, clientAddress, compileTrust } from './trust-proxy.js';

/** How far back unanswered customer messages are picked up again at start. */
const RESUME_WINDOW_MS = 15 * 60_000;

/** Longest wait for a model's answer before the conversation goes to the coach. */
const AI_TIMEOUT_MS = 30_000;

export interface KoraApp {
  url: string;
  config: Config;
  store: Store;
  /** What the store runs on (`/readyz`, the start banner). */
  storeKind: StoreKind;
  /** Where the data is: DATA_DIR, or the database's host:port/name. */
  storeLocation: string;
  engine: Engine;
  outbox: Outbox;
  registry: ChannelRegistry;
  owner: OwnerState;
  /** The web chat URL of the first entry link (made at first start when there was none). */
  defaultChatUrl: string | null;
  /** Campaigns and the scheduler (Agenda). */
  campaigns: CampaignRuntime;
  /** The socket.io server (`/chat`, `/admin`): tests cut a client's transport through it. */
  io: SocketServer;
  /** Classes and bookings (core/bookings); also what a payment webhook calls (BookingPaymentEvents). */
  bookings: BookingService;
  close(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** The Baileys WhatsApp provider's options (tests inject a fake socket). */
  whatsappBaileys?: WhatsAppPluginOptions;
  /** Per-channel options handed to each plug-in's factory as `deps.options` (tests: fakes, short timers). */
  channelOptions?: Partial<Record<ChannelName, unknown>>;
  /** Where the built browser apps are (default: the repository's dist/). */
  distDir?: string;
  /** Messages sent within this window are answered in one turn (default 1.5 s; tests use 0). */
  turnWindowMs?: number;
  /** How often idle handoffs are looked for (default 1 minute). */
  handbackIntervalMs?: number;
  /** More channel adapters to register (tests and benchmarks: a provider of their own). */
  channels?: ChannelAdapter[];
  /** Scheduler and campaign timings (tests: short locks and leases). */
  campaigns?: CampaignRuntimeOptions;
  /** Online payment of bookings (tests: another provider); unset: Stripe when STRIPE_* are set, else static links. */
  payments?: PaymentProvider;
  /** Pack credits for `pack` classes (tests: another source); unset: the store's (`store.packs`). */
  packs?: PackCredits;
  /** How often the bookings' job runs: expiries, reminders, no-shows (default 1 minute). */
  bookingSweepMs?: number;
  /** The web chat's per-address limits (default: DEFAULT_WEB_LIMITS; tests set them low). */
  webLimits?: Partial<WebLimits>;
  /** The PostgreSQL store's factory, used with DATABASE_URL (default: storage/postgres, loaded lazily). */
  postgresStore?: PostgresStoreOpener;
}

export async function startKora(config: Config, options: StartOptions = {}): Promise<KoraApp> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const backends = await openBackends(config, logger, options.postgresStore);
  const { store } = backends;
  // With DATABASE_URL, SECRET_KEY is required (config.ts): nothing is written into DATA_DIR.
  const secretKey = resolveSecretKey(config.secretKey, config.dataDir, (message) => logger.warn({}, message));
  const ids = createUlidGenerator();
  const clock = systemClock;
  const events = new EventBus((error) => logger.error({ err: error }, 'event listener failed'));
  const registry = new ChannelRegistry(new ChannelDirectory(CHANNEL_PLUGINS));
  // This process's name in the leases it takes (outbox rows, conversation turns).
  const holder = processHolder();
  const outbox = createOutbox({ store, registry, events, clock, logger, holder });
  // Stripe Checkout for bookings and packs when STRIPE_* are set; packs and their credits always.
  const payments = await createPayments(config.stripe, {
    store,
    ids,
    clock,
    events,
    outbox,
    logger,
    publicUrl: config.publicUrl,
  });
  const bookings = new BookingService({
    store,
    ids,
    clock,
    events,
    outbox,
    logger,
    timeZone: config.timezone,
    publicUrl: config.publicUrl,
    channels: registry.directory,
    payments: options.payments ?? payments.provider,
    packs: options.packs ?? store.packs,
  });
  payments.useBookings(bookings);
  const bookingChat = new BookingChat(bookings);
  const offline = createOfflineProvider();
  const engine = createEngine({
    store,
    ids,
    clock,
    logger,
    events,
    outbox,
    provider: await selectProvider(config.ai, offline, { timeoutMs: AI_TIMEOUT_MS }),
    fallback: offline,
    normalizePhone: toE164,
    channels: registry.directory,
    trackingBaseUrl: config.publicUrl,
    timeZone: config.timezone,
    assistantTimeoutMs: AI_TIMEOUT_MS,
    turnWindowMs: options.turnWindowMs ?? 1_500,
    bookings: bookingChat,
    // One process on the embedded store: its in-memory turn queue is the lease.
    ...(store.kind === 'postgres' ? { turnLease: { holder } } : {}),
  });
  const owner = await ensureOwner(store, ids, clock, config.admin);
  const defaultLink = await ensureDefaultLink(store, ids, clock);
  // Several processes: channel rate limits hold in aggregate, for the adapters' sends and the campaigns'
  // pacing (one process: each sender's own buckets, exact and without a write per send).
  const rateLimits = store.kind === 'postgres' ? storeRateLimits(store.rateBuckets) : undefined;
  const campaigns = await createCampaignRuntime(
    {
      store,
      ids,
      clock,
      events,
      outbox,
      logger,
      registry,
      timeZone: config.timezone,
      publicUrl: config.publicUrl,
      ...(backends.scheduler ? { postgres: backends.scheduler } : {}),
      ...(rateLimits ? { rateLimits } : {}),
    },
    options.campaigns,
  );
  const { scheduler } = campaigns;
  scheduler.attachRecurring(BOOKINGS_JOB, options.bookingSweepMs ?? 60_000, () => sweepBookings(bookings));
  scheduler.attachRecurring(HANDBACK_JOB, options.handbackIntervalMs ?? 60_000, () =>
    handBackIdle(store, engine, logger),
  );

  const replies = createScheduledReplies({
    store,
    ids,
    clock,
    events,
    engine,
    logger,
    scheduler: campaigns.scheduler,
  });

  const trust = compileTrust(config.trustProxy);
  const app = express();
  app.disable('x-powered-by');
  // X-Forwarded-Proto/Host follow the same trust; `req.ip` is ours, the one socket.io uses too.
  app.set('trust proxy', trust);
  app.use((req, res, next) => {
    Object.defineProperty(req, 'ip', { value: clientAddress(req, trust), configurable: true });
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'same-origin');
    next();
  });
  const adminSockets = new AdminSocketSessions(store, clock);
  const adminDeps: AdminDeps = {
    store,
    ids,
    clock,
    logger,
    engine,
    events,
    channels: registry,
    publicUrl: config.publicUrl,
    timeZone: config.timezone,
    cookie: { secure: config.publicUrl.startsWith('https://') },
    live: adminSockets,
    totpSecrets: createSealedBox(secretKey, 'admin-totp'),
    campaigns: campaigns.campaigns,
    scheduler: campaigns.scheduler,
    bookings,
    packs: payments.packs,
    replies,
  };
  app.use(
    healthRoutes(store, backends.kind, registry, [
      { name: 'scheduler', check: () => campaigns.scheduler.health() },
    ]),
  );
  app.use(paymentRedirect(store, clock));
  app.use(bookingQrRoutes());
  app.use(payments.router);
  // The channels' webhooks: filled below, once the channels start (no request comes before listen).
  const channelRoutes = Router();
  app.use(channelRoutes);
  // Imported with the first admin request: a start never parses the admin API's routes and schemas.
  const adminApi = lazyRouter(async () => (await import('./admin/router.js')).adminRouter(adminDeps));
  app.use('/api/admin', express.json({ limit: '1mb' }), adminApi);
  app.use('/api', apiNotFound);
  const memberTokens = createMemberTokens(secretKey);
  // Mounted once the /chat namespace exists (below); routes are looked up per request.
  const webChatHttp = Router();
  app.use(webChatHttp);
  app.use(staticRoutes(options.distDir ?? defaultDistDir(), store));
  app.use(createErrorHandler(logger));

  const server = http.createServer(app);
  const clientKey = (request: http.IncomingMessage) => addressKey(clientAddress(request, trust));
  const limits = new AddressLimits(options.webLimits);
  const transports = new TransportCap(clientKey, limits.transportCeiling);
  const io = new SocketServer(server, {
    allowRequest: transports.allowRequest,
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    // One process: the in-memory adapter replays what a client missed during a short disconnection.
    // Several: the PostgreSQL adapter cannot, and clients read what they missed from history.
    ...(backends.socketAdapter
      ? { adapter: backends.socketAdapter }
      : { connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000 } }),
  });
  transports.attach(io.engine);
  const chat = io.of('/chat');
  await startChannels({
    plugins: CHANNEL_PLUGINS,
    config,
    services: {
      engine,
      store,
      outbox,
      events,
      ids,
      clock,
      logger,
      publicUrl: config.publicUrl,
      secretKey,
      ...(rateLimits ? { rateLimits } : {}),
    },
    registry,
    router: channelRoutes,
    options: {
      ...options.channelOptions,
      web: { namespace: chat },
      whatsapp: options.whatsappBaileys ?? options.channelOptions?.whatsapp,
    },
  });
  const whatsapp = registry.list().find((adapter) => isWhatsAppAdminView(adapter));
  if (whatsapp) adminDeps.whatsapp = whatsapp;
  // With email on, a coach who forgot their password gets a reset link by email.
  const email = registry.has('email') ? registry.get('email') : null;
  if (email && isSystemMailer(email))
    adminDeps.passwordReset = { secretKey, send: (mail) => email.sendSystem(mail) };
  for (const adapter of options.channels ?? []) registry.register(adapter);
  const limiter = new SlidingWindowLimiter(10, 10_000);
  // Images: 6 a minute per member (per process, as the message limit).
  const uploads = new SlidingWindowLimiter(6, 60_000);
  webChatHttp.use(
    webChatRoutes({ store, engine, ids, clock, tokens: memberTokens, uploads, namespace: chat }),
  );
  const sweep = setInterval(() => {
    limiter.sweep(Date.now());
    uploads.sweep(Date.now());
  }, 60_000);
  sweep.unref();
  mountChatNamespace(chat, {
    clientKey,
    limits,
    engine,
    groups: { store, ids, clock, events },
    store,
    events,
    logger,
    limiter,
    tokens: memberTokens,
    now: () => clock.now(),
    bookings: { service: bookings, chat: bookingChat },
  });
  mountAdminNamespace(io.of('/admin'), adminDeps, adminSockets, events, logger);

  for (const adapter of registry.list()) await adapter.start();
  outbox.start();
  await campaigns.start();
  await replies.resume();
  const address = await listen(server, config.port, config.host);
  // Customer messages a crash left unanswered (stored, turn never run) are answered now.
  engine.resumePending(RESUME_WINDOW_MS).then(
    (count) => count > 0 && logger.info({ count }, 'answering messages left unanswered by the last stop'),
    (error: unknown) => logger.error({ err: error }, 'resuming unanswered messages failed'),
  );
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;

  let closing: Promise<void> | null = null;
  async function shutdown(): Promise<void> {
    clearInterval(sweep);
    // Stop taking new work first, then let turns and sends in flight finish.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    io.close();
    server.closeAllConnections();
    // Long polling (Telegram) takes no more updates either (replies already queued still go out).
    for (const adapter of registry.list()) if (adapter.status().mode === 'polling') await adapter.stop();
    await closed;
    // Slot jobs stop between two sends; what they did not send goes at the next start.
    await campaigns.stop();
    await engine.idle();
    await outbox.stop();
    for (const adapter of registry.list()) await adapter.stop();
    await store.close();
    await backends.close();
  }

  return {
    url: url.replace('0.0.0.0', 'localhost'),
    config,
    store,
    storeKind: backends.kind,
    storeLocation: backends.location,
    engine,
    outbox,
    registry,
    campaigns,
    io,
    bookings,
    owner,
    defaultChatUrl: defaultLink ? `${config.publicUrl}/c/${defaultLink.token}` : null,
    close: () => {
      closing ??= shutdown();
      return closing;
    },
  };
}
