/**
 * WhatsApp through a number linked by QR code (Baileys). One process at a time holds the link (a
 * lease in the database, renewed while connected); the others wait on standby. The QR code Baileys
 * rotates is kept for the admin panel; a dropped connection comes back with backoff; a logout from
 * the phone clears the stored credentials, is reported, and a new QR code is offered. Sends are paced
 * gently (unofficial WhatsApp numbers get banned for bursts).
 */
import { randomBytes } from 'node:crypto';
import type { ChannelStatus, SendResult } from '../../../core/channels.js';
import { ChannelApiError } from '../../../core/errors.js';
import type { InboundEvent } from '../../../core/inbound.js';
import type { Logger } from '../../../core/logger.js';
import type { LeaseRepository } from '../../../core/repositories.js';
import type { RateSpec } from '../../../core/rate-limiter.js';
import { maskPhone } from '../mask.js';
import { PacedSender } from '../../paced-sender.js';
import type { WhatsAppProvider, WhatsAppQr, WhatsAppSend } from '../provider.js';
import type { DbAuthStore } from './auth-state.js';
import { isGroupJid, ownJidsOf } from './group-message.js';
import { BaileysGroupSync } from './groups.js';
import { BAILEYS_LEASE_MS, leaseCheckEvery } from './link-lease.js';
import { chatIdOf, jidOf, normalizeBaileysMessage, statusOf } from './normalize-baileys.js';
import { contentOf } from './outbound-content.js';
import {
  type BaileysConnectionUpdate,
  type BaileysMessage,
  type BaileysSocket,
  type BaileysSocketFactory,
  DISCONNECT,
} from './socket.js';

/** A burst of 5, then one message every 2 s: far below what gets unofficial numbers banned. */
export const BAILEYS_RATE: RateSpec = { rate: 1, perMs: 2_000, burst: 5 };

/**
 * Posts into groups, across all groups: a burst of 3, then one every 5 s. A group post is encrypted and
 * delivered to every member's devices, and bursts into many groups are what gets numbers reported;
 * campaigns into groups go at this pace (docs/DECISIONS.md, "WhatsApp groups").
 */
export const BAILEYS_GROUP_RATE: RateSpec = { rate: 1, perMs: 5_000, burst: 3 };

export interface BaileysProviderOptions {
  socketFactory: BaileysSocketFactory;
  auth: DbAuthStore;
  leases: LeaseRepository;
  /** This process's name in the lease. */
  holder: string;
  logger: Logger;
  /** A customer's message or a delivery report, for the engine. */
  onEvent: (event: InboundEvent) => Promise<unknown>;
  /** The coach wrote to this chat from the linked phone. */
  onCoachReply: (chatId: string) => Promise<void>;
  /** Status or QR changed (for the admin panel). */
  onChange?: (status: ChannelStatus, qr: WhatsAppQr | null) => void;
  now?: () => Date;
  leaseMs?: number;
  /** Reconnect delays: base doubling up to max. */
  backoff?: { baseMs: number; maxMs: number };
  rate?: RateSpec;
  groupRate?: RateSpec;
}

const LEASE_NAME = 'whatsapp:baileys';

function disconnectCode(update: { lastDisconnect?: { error?: unknown } }): number | undefined {
  const error = update.lastDisconnect?.error as { output?: { statusCode?: number } } | undefined;
  return error?.output?.statusCode;
}

export class BaileysProvider implements WhatsAppProvider {
  readonly name = 'baileys' as const;
  readonly capabilities = { typing: false, streaming: false, media: true, groups: true };
  readonly #o: Required<Omit<BaileysProviderOptions, 'onChange' | 'rate' | 'groupRate'>> &
    Pick<BaileysProviderOptions, 'onChange'>;
  readonly #pacer: PacedSender;
  readonly #groupPacer: PacedSender;
  readonly #groups: BaileysGroupSync;
  #socket: BaileysSocket | null = null;
  #status: ChannelStatus = { state: 'starting', mode: 'socket' };
  #qr: WhatsAppQr | null = null;
  #number: string | null = null;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #leaseTimer: ReturnType<typeof setInterval> | null = null;
  #stopped = false;
  #holding = false;
  /** Ids of the messages we sent: their echo (`fromMe`) is not the coach writing from the phone. */
  readonly #ownIds = new Set<string>();

  constructor(options: BaileysProviderOptions) {
    this.#o = {
      now: () => new Date(),
      leaseMs: BAILEYS_LEASE_MS,
      backoff: { baseMs: 1_000, maxMs: 60_000 },
      ...options,
    };
    this.#pacer = new PacedSender(options.rate ?? BAILEYS_RATE);
    this.#groupPacer = new PacedSender(options.groupRate ?? BAILEYS_GROUP_RATE);
    this.#groups = new BaileysGroupSync({ onEvent: options.onEvent, logger: options.logger });
  }

  async start(): Promise<void> {
    this.#stopped = false;
    const jid = await this.#o.auth.linkedJid();
    this.#number = jid ? chatIdOf(jid) : null;
    await this.#tryLease();
    this.#leaseTimer = setInterval(() => void this.#tryLease(), leaseCheckEvery(this.#o.leaseMs));
    this.#leaseTimer.unref?.();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#leaseTimer) clearInterval(this.#leaseTimer);
    this.#timer = this.#leaseTimer = null;
    this.#closeSocket();
    if (this.#holding) await this.#o.leases.release(LEASE_NAME, this.#o.holder);
    this.#holding = false;
    this.#set({ state: 'disconnected', mode: 'socket', detail: 'stopped' });
  }

  status(): ChannelStatus {
    return this.#number ? { ...this.#status, account: this.#number } : { ...this.#status };
  }

  number(): string | null {
    return this.#number?.startsWith('+') ? this.#number : null;
  }

  qr(): WhatsAppQr | null {
    return this.#qr;
  }

  /** Takes or renews the lease; connects when it is ours, lets the link go when someone took it over. */
  async #tryLease(): Promise<void> {
    if (this.#stopped) return;
    const now = this.#o.now();
    const expires = new Date(now.getTime() + this.#o.leaseMs).toISOString();
    let held: boolean;
    try {
      held = await this.#o.leases.acquire(LEASE_NAME, this.#o.holder, expires, now.toISOString());
    } catch (error) {
      this.#o.logger.error({ err: error }, 'whatsapp lease check failed');
      return;
    }
    if (held && !this.#holding) {
      this.#holding = true;
      this.#connect();
    } else if (!held && this.#holding) {
      this.#holding = false;
      this.#o.logger.warn({}, 'whatsapp link taken over by another process: standing by');
      this.#closeSocket();
    }
    if (!held)
      this.#set({ state: 'disconnected', mode: 'socket', detail: 'standby: another process holds the link' });
  }

  #set(status: ChannelStatus): void {
    this.#status = status;
    this.#o.onChange?.(this.status(), this.#qr);
  }

  #closeSocket(): void {
    const socket = this.#socket;
    this.#socket = null;
    socket?.end(undefined);
  }

  #connect(): void {
    if (this.#stopped || !this.#holding) return;
    this.#set({ state: 'starting', mode: 'socket', detail: 'connecting' });
    this.#o.auth.load().then(
      ({ state, saveCreds }) => {
        if (this.#stopped || !this.#holding) return;
        const socket = this.#o.socketFactory(state);
        this.#socket = socket;
        socket.ev.on('creds.update', () => {
          saveCreds().catch((error: unknown) =>
            this.#o.logger.error({ err: error }, 'saving whatsapp creds failed'),
          );
        });
        socket.ev.on('connection.update', (update) => this.#onConnection(socket, update));
        this.#groups.attach(socket);
        socket.ev.on('messages.upsert', ({ messages, type }) => {
          if (type === 'notify' || type === 'append') for (const m of messages) void this.#onMessage(m, type);
        });
        socket.ev.on('messages.update', (updates) => {
          for (const { key, update } of updates) void this.#onStatus(key.id, key.fromMe, update.status);
        });
      },
      (error: unknown) => {
        this.#o.logger.error({ err: error }, 'loading the whatsapp auth state failed');
        this.#set({
          state: 'error',
          mode: 'socket',
          detail: 'the stored WhatsApp credentials cannot be read',
        });
        this.#reconnectLater();
      },
    );
  }

  #onConnection(socket: BaileysSocket, update: BaileysConnectionUpdate): void {
    if (socket !== this.#socket) return;
    if (update.qr) {
      this.#qr = { value: update.qr, issuedAt: this.#o.now().toISOString() };
      this.#set({ state: 'starting', mode: 'socket', detail: 'scan the QR code with WhatsApp on the phone' });
    }
    if (update.connection === 'open') {
      this.#attempt = 0;
      this.#qr = null;
      const jid = socket.user?.id;
      if (jid) this.#number = chatIdOf(jid);
      this.#o.logger.info({ number: maskPhone(this.#number) }, 'whatsapp linked number connected');
      this.#set({ state: 'ready', mode: 'socket' });
      void this.#groups.fetchAll(socket);
    }
    if (update.connection === 'close') this.#onClose(update);
  }

  #onClose(update: BaileysConnectionUpdate): void {
    this.#socket = null;
    const code = disconnectCode(update);
    if (this.#stopped || !this.#holding) return;
    if (code === DISCONNECT.loggedOut) {
      this.#o.logger.warn({}, 'whatsapp logged out from the phone: a new QR code is needed');
      this.#number = null;
      this.#qr = null;
      this.#set({
        state: 'disconnected',
        mode: 'socket',
        detail: 'logged out from the phone: scan a new QR code',
      });
      this.#o.auth.clear().then(
        () => this.#reconnectLater(),
        (error: unknown) => this.#o.logger.error({ err: error }, 'clearing whatsapp credentials failed'),
      );
      return;
    }
    if (code === DISCONNECT.restartRequired) {
      // Baileys asks for a fresh socket right after a QR scan: not a failure.
      this.#connect();
      return;
    }
    this.#set({
      state: 'disconnected',
      mode: 'socket',
      detail: `connection closed (${code ?? 'no code'}): reconnecting`,
    });
    this.#reconnectLater();
  }

  #reconnectLater(): void {
    if (this.#stopped) return;
    const { baseMs, maxMs } = this.#o.backoff;
    const delay = Math.min(maxMs, baseMs * 2 ** this.#attempt);
    this.#attempt++;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#connect();
    }, delay);
    this.#timer.unref?.();
  }

  async #onMessage(raw: BaileysMessage, type = 'notify'): Promise<void> {
    const socket = this.#socket;
    const inbound = normalizeBaileysMessage(raw, ownJidsOf(socket?.user));
    try {
      if (inbound.kind === 'customer' && inbound.event.chatType === 'group') {
        // A group's older messages synced in (`append`) are stored, never answered now.
        const event = type === 'notify' ? inbound.event : { ...inbound.event, addressedToAssistant: false };
        await this.#groups.serial(() => this.#o.onEvent(event));
        if (socket) await this.#groups.seen(socket, event.chatId ?? '');
      } else if (inbound.kind === 'customer') await this.#o.onEvent(inbound.event);
      else if (inbound.kind === 'coach' && !this.#ownIds.delete(inbound.messageId)) {
        await this.#o.onCoachReply(inbound.chatId);
      }
    } catch (error) {
      this.#o.logger.error({ err: error, kind: inbound.kind }, 'whatsapp message not taken in');
    }
  }

  async #onStatus(
    id: string | null | undefined,
    fromMe: boolean | null | undefined,
    code: number | null | undefined,
  ) {
    const status = statusOf(code);
    if (!id || !fromMe || !status) return;
    try {
      await this.#o.onEvent({ type: 'status', channel: 'whatsapp', externalMessageId: id, status });
    } catch (error) {
      this.#o.logger.error({ err: error }, 'whatsapp status not applied');
    }
  }

  async send(outbound: WhatsAppSend): Promise<SendResult> {
    const paced = outbound.paced ?? false;
    if (!isGroupJid(outbound.to)) return this.#send(outbound, paced);
    // A group post takes a group token too (a campaign's was taken by the campaign pacer already).
    return this.#groupPacer.run(
      outbound.idempotencyKey,
      'groups',
      1,
      () => this.#send(outbound, paced),
      paced,
    );
  }

  #send(outbound: WhatsAppSend, paced: boolean): Promise<SendResult> {
    return this.#pacer.run(
      outbound.idempotencyKey,
      'baileys',
      1,
      async () => {
        const socket = this.#socket;
        if (!socket || this.#status.state !== 'ready') {
          throw new ChannelApiError('the WhatsApp number is not connected', {
            providerCode: 'whatsapp_not_connected',
            transient: true,
          });
        }
        // Our own id, known before the echo of the message comes back as `fromMe`.
        const messageId = `3EB0${randomBytes(10).toString('hex').toUpperCase()}`;
        this.#ownIds.add(messageId);
        if (this.#ownIds.size > 10_000) this.#ownIds.delete(this.#ownIds.values().next().value as string);
        try {
          const sent = await socket.sendMessage(jidOf(outbound.to), contentOf(outbound), { messageId });
          return { externalId: sent?.key?.id ?? messageId };
        } catch (error) {
          this.#ownIds.delete(messageId);
          throw new ChannelApiError(`WhatsApp refused the message: ${(error as Error).message ?? error}`, {
            providerCode: 'whatsapp_send_failed',
            transient: true,
          });
        }
      },
      paced,
    );
  }
}
