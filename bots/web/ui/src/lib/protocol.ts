import type { Socket } from 'socket.io-client';

// The web chat's socket.io protocol on `/chat` (CONTRACT.md, "Web chat").

export interface Member {
  id: string;
  name: string;
  token: string;
}

export interface Sender {
  type: 'contact' | 'coach' | 'assistant' | 'system';
  id?: string;
  name: string;
}

export interface ChatMessage {
  id: string;
  conversationId: string;
  sender: Sender;
  text: string;
  createdAt: string;
  status?: string;
  /** Images and files sent with it: a member's image (`/chat/attachments/<id>`, read with the member
   * token), a booking's QR code. */
  media?: { url: string; contentType?: string; name?: string }[];
  /** Buttons: pressing one is choosing it (`action` request), as typing it would be. */
  actions?: { id: string; label: string }[];
}

export type ConversationKind = 'assistant' | 'group' | 'direct';

export interface ConversationSummary {
  id: string;
  kind: ConversationKind;
  title: string | null;
  unread: number;
  lastMessage: ChatMessage | null;
  /** A private conversation's other member. */
  peer?: { id: string; name: string };
}

/** Server events on `/chat`. */
export interface MessageEvent {
  conversationId: string;
  message: ChatMessage;
}
export interface TypingEvent {
  conversationId: string;
  member?: { id?: string; name?: string };
}
export interface ReadEvent {
  conversationId: string;
  memberId: string;
  messageId: string;
}

export const MAX_TEXT = 4096;
const REQUEST_TIMEOUT_MS = 15_000;

export class ChatError extends Error {
  override readonly name = 'ChatError';

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Ack<T> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string } };

/** One emit with an acknowledgement; a refusal or no answer in time becomes a ChatError. */
export async function request<T>(socket: Socket, event: string, payload: object): Promise<T> {
  let ack: Ack<T>;
  try {
    ack = await socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck(event, payload);
  } catch {
    throw new ChatError('timeout', `no answer to ${event}`);
  }
  if (!ack.ok) throw new ChatError(ack.error.code, ack.error.message);
  return ack;
}

/** A v4 UUID; crypto.randomUUID exists only in secure contexts, and a self-hosted server may be plain http. */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
