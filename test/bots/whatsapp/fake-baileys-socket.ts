/**
 * A fake Baileys socket for the provider's tests (no network): it records what is sent and lets the
 * test play WhatsApp's side: a QR code, the connection opening or closing with Baileys' codes,
 * messages arriving, delivery receipts, credentials changing, and the groups the linked number is in
 * (fetched, joined, renamed, members added or removed), with the events and method shapes of Baileys
 * 7 (lib/Socket/groups.js, lib/Socket/messages-recv.js, lib/Utils/process-message.js).
 */
import { EventEmitter } from 'node:events';
import type {
  BaileysAuthState,
  BaileysContent,
  BaileysEventMap,
  BaileysGroupMetadata,
  BaileysGroupParticipant,
  BaileysMessage,
  BaileysParticipantAction,
  BaileysSocket,
  BaileysSocketFactory,
} from '../../../bots/whatsapp/baileys/socket.js';

export interface SentByFake {
  jid: string;
  content: BaileysContent;
  messageId?: string;
  /** When it was sent (ms): pacing tests read the gaps. */
  at: number;
}

export class FakeBaileysSocket implements BaileysSocket {
  readonly emitter = new EventEmitter();
  readonly ev = {
    on: <K extends keyof BaileysEventMap>(event: K, listener: (payload: BaileysEventMap[K]) => void) => {
      this.emitter.on(event, listener);
    },
  };
  user: { id: string; lid?: string } | null = null;
  /** The groups WhatsApp's server lists for the linked number, by JID. */
  readonly groups = new Map<string, BaileysGroupMetadata>();
  /** How many times the provider fetched every group. */
  fetches = 0;
  readonly sent: SentByFake[] = [];
  ended = false;
  /** Makes the next sendMessage reject. */
  failNextSend: Error | null = null;
  /** Echo sent messages back as `fromMe` upserts, as Baileys does with emitOwnEvents. */
  echo = true;

  constructor(readonly auth: BaileysAuthState) {}

  emit<K extends keyof BaileysEventMap>(event: K, payload: BaileysEventMap[K]): void {
    this.emitter.emit(event, payload);
  }

  showQr(qr: string): void {
    this.emit('connection.update', { connection: 'connecting', qr });
  }

  open(jid: string, lid?: string): void {
    this.user = lid ? { id: jid, lid } : { id: jid };
    this.auth.creds.me = { id: jid, name: 'Kora test' };
    this.emit('creds.update', { me: this.auth.creds.me });
    this.emit('connection.update', { connection: 'open' });
  }

  close(statusCode: number): void {
    this.emit('connection.update', {
      connection: 'close',
      lastDisconnect: {
        error: Object.assign(new Error('closed'), { output: { statusCode } }),
        date: new Date(),
      },
    });
  }

  receive(...messages: BaileysMessage[]): void {
    this.emit('messages.upsert', { messages, type: 'notify' });
  }

  /** As Baileys: the groups' metadata by JID, also emitted as `groups.update` (lib/Socket/groups.js). */
  async groupFetchAllParticipating(): Promise<Record<string, BaileysGroupMetadata>> {
    this.fetches++;
    const data = Object.fromEntries([...this.groups].map(([jid, meta]) => [jid, structuredClone(meta)]));
    this.emit('groups.update', Object.values(data));
    return data;
  }

  async groupMetadata(jid: string): Promise<BaileysGroupMetadata> {
    const meta = this.groups.get(jid);
    // Baileys throws a Boom 'item-not-found' (404) for a group it is not in.
    if (!meta) throw Object.assign(new Error('item-not-found'), { output: { statusCode: 404 } });
    return structuredClone(meta);
  }

  /** The linked number is added to a group (or created one): `groups.upsert`. */
  joinGroup(meta: BaileysGroupMetadata): void {
    this.groups.set(meta.id, structuredClone(meta));
    this.emit('groups.upsert', [structuredClone(meta)]);
  }

  /** Someone renames the group: `groups.update` with the new subject (process-message.js). */
  renameGroup(jid: string, subject: string, author: string): void {
    const meta = this.groups.get(jid);
    if (meta) meta.subject = subject;
    this.emit('groups.update', [{ id: jid, subject, author } as Partial<BaileysGroupMetadata>]);
  }

  /** Members join, leave or are removed: `group-participants.update`. */
  changeMembers(
    jid: string,
    action: BaileysParticipantAction,
    participants: BaileysGroupParticipant[],
    author: string,
  ): void {
    const meta = this.groups.get(jid);
    if (meta && action === 'add') meta.participants.push(...structuredClone(participants));
    if (meta && action === 'remove') {
      const gone = new Set(participants.map((p) => p.id));
      meta.participants = meta.participants.filter((p) => !gone.has(p.id));
    }
    this.emit('group-participants.update', { id: jid, author, participants, action });
  }

  async sendMessage(jid: string, content: BaileysContent, options?: { messageId?: string }) {
    if (this.failNextSend) {
      const error = this.failNextSend;
      this.failNextSend = null;
      throw error;
    }
    const id = options?.messageId ?? `FAKE${this.sent.length}`;
    this.sent.push({ jid, content, messageId: options?.messageId, at: Date.now() });
    // In a group, our own message names us as its participant, as WhatsApp's does.
    const key = jid.endsWith('@g.us')
      ? { remoteJid: jid, fromMe: true, id, participant: this.user?.id ?? null }
      : { remoteJid: jid, fromMe: true, id };
    // Baileys emits its own message on process.nextTick, before the caller's await resumes.
    if (this.echo)
      process.nextTick(() =>
        this.emit('messages.upsert', { messages: [{ key, message: { conversation: 'x' } }], type: 'append' }),
      );
    return { key };
  }

  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.close(428);
  }
}

export interface FakeSocketFactory {
  factory: BaileysSocketFactory;
  sockets: FakeBaileysSocket[];
  /** Resolves with the n-th socket (1-based) once the provider has made it. */
  nth(n: number, timeoutMs?: number): Promise<FakeBaileysSocket>;
}

export function fakeSocketFactory(): FakeSocketFactory {
  const sockets: FakeBaileysSocket[] = [];
  const made = new EventEmitter();
  return {
    sockets,
    factory: (auth) => {
      const socket = new FakeBaileysSocket(auth);
      sockets.push(socket);
      made.emit('socket');
      return socket;
    },
    nth(n, timeoutMs = 3_000) {
      if (sockets[n - 1]) return Promise.resolve(sockets[n - 1]!);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`socket #${n} was never made (${sockets.length} made)`)),
          timeoutMs,
        );
        const check = () => {
          if (!sockets[n - 1]) return;
          clearTimeout(timer);
          made.off('socket', check);
          resolve(sockets[n - 1]!);
        };
        made.on('socket', check);
      });
    },
  };
}
