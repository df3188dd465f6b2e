/** socket.io-client helpers for the `/chat` namespace, as the web chat page uses it. */
import { io, type Socket } from 'socket.io-client';

export type Ack<T = Record<string, unknown>> =
  | ({ ok: true } & T)
  | { ok: false; error: { code: string; message: string; field?: string } };

/** `headers`: e.g. an `X-Forwarded-For` for an app started with `TRUST_PROXY` (one address per visitor). */
export function connectChat(url: string, token?: string, headers?: Record<string, string>): Promise<Socket> {
  const socket = io(`${url}/chat`, {
    auth: token ? { token } : {},
    transports: ['websocket'],
    reconnection: false,
    ...(headers ? { extraHeaders: headers } : {}),
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

export function request<T = Record<string, unknown>>(
  socket: Socket,
  event: string,
  payload: unknown,
): Promise<Ack<T>> {
  return socket.timeout(5_000).emitWithAck(event, payload) as Promise<Ack<T>>;
}

/** Resolves with the first `message` event that satisfies `match`. */
export function nextMessage(
  socket: Socket,
  match: (message: { sender: { type: string }; text: string }) => boolean,
  timeoutMs = 5_000,
): Promise<{ id: string; text: string; sender: { type: string; name: string }; status: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching message')), timeoutMs);
    const listener = (event: {
      message: { id: string; text: string; sender: { type: string; name: string }; status: string };
    }) => {
      if (!match(event.message)) return;
      clearTimeout(timer);
      socket.off('message', listener);
      resolve(event.message);
    };
    socket.on('message', listener);
  });
}

export async function adminFetch(url: string, cookie: string, path: string, init: RequestInit = {}) {
  const response = await fetch(`${url}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', cookie, ...(init.headers ?? {}) },
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

export interface JoinedCustomer {
  socket: Socket;
  conversationId: string;
  member: { id: string; name: string; token: string };
}

/**
 * The usual start of an assistant conversation: a catalog with one offer (Cours de yoga, 120 CHF), an
 * entry link in STANDARD mode, and a customer `name` who joined through it.
 */
export async function customerOfYogaOffer(
  url: string,
  cookie: string,
  name: string,
): Promise<JoinedCustomer> {
  const post = async (path: string, body: unknown) => {
    const response = await adminFetch(url, cookie, path, { method: 'POST', body: JSON.stringify(body) });
    if (response.status !== 201) throw new Error(`POST ${path} answered ${response.status}`);
    return response.body;
  };
  await post('/api/admin/offers', { name: 'Cours de yoga', kind: 'course', price: 120, currency: 'CHF' });
  const link = await post('/api/admin/links', { name: 'Site', mode: 'standard' });
  return joinThroughLink(url, link.token, name);
}

/** A new visitor opening an entry link: connects, joins, and fails the test if the join is refused. */
export async function joinThroughLink(url: string, link: string, name: string): Promise<JoinedCustomer> {
  const socket = await connectChat(url);
  const joined = await request<{ conversationId: string; member: JoinedCustomer['member'] }>(socket, 'join', {
    link,
    name,
  });
  if (!joined.ok) {
    socket.close();
    throw new Error(joined.error.message);
  }
  return { socket, conversationId: joined.conversationId, member: joined.member };
}
