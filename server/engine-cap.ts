/**
 * A ceiling on socket.io transport connections per client address, checked at the handshake (before
 * the WebSocket upgrade). The web chat counts its `/chat` sockets with a clear `rate_limited` refusal
 * (bots/web/address-limits.ts); this is the backstop under it, for connections that never connect a
 * namespace (socket.io would hold each for `connectTimeout`) and for sockets refused by a namespace
 * whose client keeps the transport open. A refusal here is an HTTP 403 (`connect_error` on the client).
 */
import type { IncomingMessage } from 'node:http';
import type { Server } from 'socket.io';

/** How long a place taken at the handshake waits for its connection before it is given back. */
const HANDSHAKE_GRACE_MS = 10_000;

type Callback = (error: string | null | undefined, success: boolean) => void;
interface EngineSocket {
  request: IncomingMessage;
  once(event: 'close', listener: () => void): unknown;
}

export class TransportCap {
  readonly #open = new Map<string, number>();
  /** Places taken at a handshake whose connection has not been seen yet. */
  readonly #pending = new WeakMap<IncomingMessage, () => void>();

  constructor(
    private readonly keyOf: (request: IncomingMessage) => string,
    private readonly max: number,
  ) {}

  /** socket.io's `allowRequest`: reserves a place first, then lets the handshake go on. */
  readonly allowRequest = (request: IncomingMessage, callback: Callback): void => {
    const key = this.keyOf(request);
    if ((this.#open.get(key) ?? 0) >= this.max) {
      callback('rate_limited: too many connections from your address', false);
      return;
    }
    const release = this.#take(key);
    this.#pending.set(request, release);
    // A handshake that never becomes a connection (the client went away mid-upgrade) gives it back.
    setTimeout(() => {
      if (this.#pending.get(request) !== release) return;
      this.#pending.delete(request);
      release();
    }, HANDSHAKE_GRACE_MS).unref();
    callback(null, true);
  };

  /** Gives each connection's place back when it closes. */
  attach(engine: Server['engine']): void {
    engine.on('connection', (socket: EngineSocket) => {
      const release = this.#pending.get(socket.request);
      if (!release) return;
      this.#pending.delete(socket.request);
      socket.once('close', release);
    });
  }

  #take(key: string): () => void {
    this.#open.set(key, (this.#open.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#open.get(key) ?? 1) - 1;
      if (left > 0) this.#open.set(key, left);
      else this.#open.delete(key);
    };
  }
}
