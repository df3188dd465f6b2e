import { io, type Socket } from 'socket.io-client';
import {
  ChatError,
  type ChatMessage,
  type ConversationSummary,
  type Member,
  mergeMessages,
  newId,
  request,
} from './protocol.js';
import { forgetMember, loadConversation, loadMember, saveConversation, saveMember } from './storage.js';

export type Phase = 'form' | 'connecting' | 'ready' | 'failed';

export interface ChatSnapshot {
  phase: Phase;
  /** Why the form is shown again, or why the chat failed. */
  error: ChatError | null;
  member: Member | null;
  conversationId: string | null;
  messages: ChatMessage[];
  online: boolean;
  /** Name of whoever else is typing. */
  typing: string | null;
  /** The assistant's answer as it grows, until the stored message arrives. */
  draft: string | null;
}

export interface JoinInput {
  name: string;
  email?: string;
}

const TYPING_SHOWN_MS = 6_000;
const TYPING_SENT_EVERY_MS = 3_000;

/**
 * The visitor's side of one entry link: who they are (localStorage), the socket, the conversation
 * and its messages. Every (re)connection runs `sync`: find or open the conversation, then load history.
 */
export class ChatSession {
  snapshot: ChatSnapshot;
  private socket: Socket | undefined;
  private pendingJoin: JoinInput | undefined;
  private listener: (snapshot: ChatSnapshot) => void = () => {};
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private lastTypingSent = 0;
  private lastReadId: string | undefined;

  constructor(private readonly link: string) {
    const member = loadMember();
    this.snapshot = {
      phase: member ? 'connecting' : 'form',
      error: null,
      member,
      conversationId: null,
      messages: [],
      online: false,
      typing: null,
      draft: null,
    };
  }

  start(listener: (snapshot: ChatSnapshot) => void): void {
    this.listener = listener;
    if (this.snapshot.member) this.open({ token: this.snapshot.member.token });
  }

  /** The form's answer: connect without a member token and `join` the link. */
  join(input: JoinInput): void {
    this.pendingJoin = input;
    this.set({ phase: 'connecting', error: null });
    this.open({});
  }

  retry(): void {
    const { member } = this.snapshot;
    this.set({ phase: member ? 'connecting' : 'form', error: null });
    if (member) this.open({ token: member.token });
  }

  async send(text: string): Promise<void> {
    const { conversationId } = this.snapshot;
    if (!this.socket?.connected || !conversationId) throw new ChatError('offline', 'not connected');
    const payload = { conversationId, text, clientMessageId: newId() };
    const { message } = await request<{ message: ChatMessage }>(this.socket, 'send', payload);
    this.addMessages([message]);
  }

  /** Tells the others the visitor is typing, at most every few seconds. */
  typing(): void {
    const { conversationId } = this.snapshot;
    if (!this.socket?.connected || !conversationId) return;
    if (Date.now() - this.lastTypingSent < TYPING_SENT_EVERY_MS) return;
    this.lastTypingSent = Date.now();
    this.socket.emit('typing', { conversationId }, () => {});
  }

  /** Marks the newest message from someone else as read, when the page is in view. */
  markRead(): void {
    const { conversationId, messages, member } = this.snapshot;
    const last = messages.findLast((message) => !isOwn(message, member));
    if (!this.socket?.connected || !conversationId || !last || last.id === this.lastReadId) return;
    if (document.visibilityState !== 'visible') return;
    this.lastReadId = last.id;
    this.socket.emit('read', { conversationId, messageId: last.id }, () => {});
  }

  close(): void {
    clearTimeout(this.typingTimer);
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = undefined;
  }

  private set(patch: Partial<ChatSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    this.listener(this.snapshot);
  }

  private open(auth: { token?: string }): void {
    this.close();
    const socket = io('/chat', { auth });
    this.socket = socket;
    socket.on('connect', () => {
      this.set({ online: true });
      void this.sync(socket);
    });
    socket.on('disconnect', () => this.set({ online: false }));
    socket.on('connect_error', (error) => this.onConnectError(socket, error));
    socket.on('message', (event: { conversationId: string; message: ChatMessage }) => {
      if (event.conversationId !== this.snapshot.conversationId) return;
      const fromTyper = event.message.sender.name === this.snapshot.typing;
      const patch: Partial<ChatSnapshot> = fromTyper ? { typing: null } : {};
      if (event.message.sender.type === 'assistant') patch.draft = null;
      this.addMessages([event.message], patch);
    });
    socket.on('message:delta', (event: { conversationId: string; text: string }) => {
      if (event.conversationId !== this.snapshot.conversationId) return;
      this.set({ draft: event.text });
    });
    socket.on('typing', (event: { conversationId: string; member?: { id?: string; name?: string } }) => {
      if (event.conversationId !== this.snapshot.conversationId) return;
      if (!event.member?.name || event.member.id === this.snapshot.member?.id) return;
      clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => this.set({ typing: null }), TYPING_SHOWN_MS);
      this.set({ typing: event.member.name });
    });
  }

  private onConnectError(socket: Socket, error: Error): void {
    if (error.message === 'invalid_token') {
      // The server no longer knows this member (new secret, deleted contact): start over as a newcomer.
      forgetMember();
      this.close();
      this.set({ phase: 'form', error: null, member: null, conversationId: null, messages: [] });
      return;
    }
    // socket.io retries network failures itself, but not a refusal by the server's middleware.
    if (!socket.active) this.fail(new ChatError(error.message || 'connect_error', error.message));
  }

  private async sync(socket: Socket): Promise<void> {
    const joining = !this.snapshot.member;
    try {
      const conversationId = await this.findConversation(socket);
      const { messages } = await request<{ messages: ChatMessage[] }>(socket, 'history', { conversationId });
      if (socket !== this.socket) return;
      const kept = this.snapshot.conversationId === conversationId ? this.snapshot.messages : [];
      this.set({ phase: 'ready', error: null, conversationId, messages: mergeMessages(kept, messages) });
      this.markRead();
    } catch (error) {
      if (socket !== this.socket) return;
      const failure = error instanceof ChatError ? error : new ChatError('client', String(error));
      if (joining) {
        this.close();
        this.set({ phase: 'form', error: failure });
      } else this.fail(failure);
    }
  }

  /** The stored conversation of this link if the member still has it, else a new one through `join`. */
  private async findConversation(socket: Socket): Promise<string> {
    const { member } = this.snapshot;
    if (member) {
      const stored = loadConversation(this.link);
      const { conversations } = await request<{ conversations: ConversationSummary[] }>(
        socket,
        'conversations',
        {},
      );
      if (stored && conversations.some((conversation) => conversation.id === stored)) return stored;
    }
    const who = member ? { name: member.name } : this.pendingJoin;
    const joined = await request<{ member: Member; conversationId: string }>(socket, 'join', {
      link: this.link,
      ...who,
    });
    saveMember(joined.member);
    saveConversation(this.link, joined.conversationId);
    // Reconnections must come back as this member, not as a newcomer.
    socket.auth = { token: joined.member.token };
    this.pendingJoin = undefined;
    this.set({ member: joined.member });
    return joined.conversationId;
  }

  private addMessages(messages: ChatMessage[], extra: Partial<ChatSnapshot> = {}): void {
    this.set({ ...extra, messages: mergeMessages(this.snapshot.messages, messages) });
    this.markRead();
  }

  private fail(error: ChatError): void {
    this.close();
    this.set({ phase: 'failed', error, online: false });
  }
}

export function isOwn(message: ChatMessage, member: Member | null): boolean {
  return message.sender.type === 'contact' && !!member && message.sender.id === member.id;
}
