/**
 * A fake Baileys socket for the provider's tests (no network): it records what is sent and lets the
 * test play WhatsApp's side: a QR code, the connection opening or closing with Baileys' codes,
 * messages arriving, delivery receipts, credentials changing.
 */
import { EventEmitter } from 'node:events';
import type {
  BaileysAuthState,
  BaileysContent,
  BaileysEventMap,
  BaileysMessage,
  BaileysSocket,
  BaileysSocketFactory,
} from '../../../bots/whatsapp/baileys/socket.js';

export interface SentByFake {
  jid: string;
  content: BaileysContent;
  messageId?: string;
}

export class FakeBaileysSocket implements BaileysSocket {
  readonly emitter = new EventEmitter();
  readonly ev = {
    on: <K extends keyof BaileysEventMap>(event: K, listener: (payload: BaileysEventMap[K]) => void) => {
      this.emitter.on(event, listener);
    },
  };
  user: { id: string } | null = null;
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

  open(jid: string): void {
    this.user = { id: jid };
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

  async sendMessage(jid: string, content: BaileysContent, options?: { messageId?: string }) {
    if (this.failNextSend) {
      const error = this.failNextSend;
      this.failNextSend = null;
      throw error;
    }
    const id = options?.messageId ?? `FAKE${this.sent.length}`;
    this.sent.push({ jid, content, messageId: options?.messageId });
    const key = { remoteJid: jid, fromMe: true, id };
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
