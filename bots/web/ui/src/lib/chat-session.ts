import { io, type Socket } from 'socket.io-client';
import {
  type ChatSnapshot,
  initialSnapshot,
  isOwn,
  mergeMessages,
  settledBy,
  sortConversations,
  withHistory,
  withMessage,
  withReceipt,
  withTyper,
  withUnread,
} from './chat-state.js';
import type { ErrorContext } from './i18n.js';
import { type JoinInput, Joiner } from './chat-join.js';
import { uploadImage } from './images.js';
import { Notifier } from './notifier.js';
import {
  ChatError,
  type ChatMessage,
  type ConversationSummary,
  type MessageEvent,
  newId,
  type ReadEvent,
  request,
  type TypingEvent,
} from './protocol.js';
import { forgetMember, loadMember, loadSelected, type Route, saveSelected } from './storage.js';
import { TYPING_SHOWN_MS, TypingClock } from './typing.js';

export type { ChatSnapshot } from './chat-state.js';
export type { JoinInput } from './chat-join.js';

const PAGE_SIZE = 50;
const NARROW = '(max-width: 767px)';

/**
 * The member's side of the web chat: who they are (localStorage), the socket, their conversations
 * and the messages loaded so far. Every (re)connection runs `sync`: join what the address asks for,
 * list the conversations, load the open one.
 */
export class ChatSession {
  snapshot: ChatSnapshot;
  private socket: Socket | undefined;
  private listener: (snapshot: ChatSnapshot) => void = () => {};
  private readonly typingClock = new TypingClock();
  private readonly lastReadSent = new Map<string, string>();
  private synced = false;
  private readonly notifier = new Notifier();

  private readonly joiner: Joiner;

  constructor(private readonly route: Route) {
    this.snapshot = initialSnapshot(loadMember());
    this.joiner = new Joiner({
      route,
      member: () => this.snapshot.member,
      refreshConversations: (socket) => this.refreshConversations(socket),
      joined: (member) => this.set({ member }),
      notice: (error, context) => this.showNotice(error, context),
    });
  }

  start(listener: (snapshot: ChatSnapshot) => void): void {
    this.listener = listener;
    if (this.snapshot.member) this.open({ token: this.snapshot.member.token });
  }

  /** The form's answer: connect without a member token and `join`. */
  join(input: JoinInput): void {
    this.joiner.pending = input;
    this.set({ phase: 'connecting', error: null });
    this.open({});
  }

  /** What the form was last filled with, to show it again after a refusal. */
  get lastJoin(): JoinInput | undefined {
    return this.joiner.pending;
  }

  retry(): void {
    const { member } = this.snapshot;
    this.set({ phase: member ? 'connecting' : 'form', error: null });
    if (member) this.open({ token: member.token });
  }

  select(conversationId: string): void {
    saveSelected(conversationId);
    this.set({ selectedId: conversationId, view: 'thread', notice: null });
    if (this.socket?.connected) void this.loadHistory(this.socket, conversationId);
    this.markRead();
  }

  /** Narrow screens: from the open conversation back to the list. */
  back(): void {
    this.set({ view: 'list' });
  }

  dismissNotice(): void {
    this.set({ notice: null });
  }

  async send(text: string): Promise<void> {
    const { selectedId } = this.snapshot;
    if (!this.socket?.connected || !selectedId) throw new ChatError('offline', 'not connected');
    const payload = { conversationId: selectedId, text, clientMessageId: newId() };
    const { message } = await request<{ message: ChatMessage }>(this.socket, 'send', payload);
    this.addMessage(message);
  }

  /** A button of a message (a session to book, a place to accept): the choice is stored as theirs. */
  async action(messageId: string, actionId: string): Promise<void> {
    const { selectedId } = this.snapshot;
    try {
      if (!this.socket?.connected || !selectedId) throw new ChatError('offline', 'not connected');
      const payload = { conversationId: selectedId, messageId, actionId };
      const { message } = await request<{ message: ChatMessage }>(this.socket, 'action', payload);
      this.addMessage(message);
    } catch (error) {
      this.showNotice(error, 'conversation');
    }
  }

  /** An image (and the text typed with it) into the open conversation, over HTTP. */
  async sendImage(file: File, text: string): Promise<void> {
    const { selectedId, member } = this.snapshot;
    if (!member || !selectedId) throw new ChatError('offline', 'not connected');
    const fields = { conversationId: selectedId, clientMessageId: newId(), text: text.trim() };
    this.addMessage(await uploadImage(member.token, fields, file));
  }

  /** Tells the others the member is typing, at most every two seconds. */
  typing(): void {
    const { selectedId } = this.snapshot;
    if (!this.socket?.connected || !selectedId) return;
    if (!this.typingClock.takeSendTurn()) return;
    this.socket.emit('typing', { conversationId: selectedId }, () => {});
  }

  /** A private conversation with someone seen in a group. */
  async openDirect(memberId: string): Promise<void> {
    try {
      if (!this.socket?.connected) throw new ChatError('offline', 'not connected');
      const { conversationId } = await request<{ conversationId: string }>(this.socket, 'direct:open', {
        memberId,
      });
      if (!this.snapshot.conversations.some((conversation) => conversation.id === conversationId)) {
        await this.refreshConversations(this.socket);
      }
      this.select(conversationId);
    } catch (error) {
      this.showNotice(error, 'member');
    }
  }

  /** Leaves a group: it goes from the list and the member is back on the list (README, `leave`). */
  async leave(conversationId: string): Promise<void> {
    try {
      if (!this.socket?.connected) throw new ChatError('offline', 'not connected');
      await request(this.socket, 'leave', { conversationId });
      const conversations = this.snapshot.conversations.filter((item) => item.id !== conversationId);
      saveSelected(null);
      this.set({ conversations, selectedId: conversations[0]?.id ?? null, view: 'list' });
    } catch (error) {
      this.showNotice(error, 'conversation');
    }
  }

  async loadOlder(): Promise<void> {
    const { selectedId, messages } = this.snapshot;
    const oldest = selectedId ? messages[selectedId]?.[0] : undefined;
    if (!this.socket?.connected || !selectedId || !oldest) return;
    await this.loadHistory(this.socket, selectedId, oldest.id);
  }

  /** Marks the newest message from someone else as read, when the member has it in view. */
  markRead(): void {
    const { selectedId: id, messages, member } = this.snapshot;
    if (!id || !this.looking(id)) return;
    this.notifier.seen(id);
    const last = messages[id]?.findLast((message) => !isOwn(message, member));
    if (this.socket?.connected && last && this.lastReadSent.get(id) !== last.id) {
      this.lastReadSent.set(id, last.id);
      this.socket.emit('read', { conversationId: id, messageId: last.id }, () => {});
    }
    const conversations = withUnread(this.snapshot.conversations, id, 0);
    if (conversations !== this.snapshot.conversations) this.set({ conversations });
  }

  /** After a language switch: the tab title is ours. */
  retitle(): void {
    this.notifier.render();
  }

  close(): void {
    this.typingClock.stop();
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = undefined;
  }

  dispose(): void {
    this.close();
    this.notifier.close();
  }

  private set(patch: Partial<ChatSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    this.listener(this.snapshot);
  }

  /** The member sees this conversation: the tab is visible and, on a phone, the conversation is open. */
  private looking(conversationId: string): boolean {
    const { selectedId, view } = this.snapshot;
    if (selectedId !== conversationId || document.visibilityState !== 'visible') return false;
    return view === 'thread' || !window.matchMedia(NARROW).matches;
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
    socket.on('message', (event: MessageEvent) => this.onMessage(socket, event));
    socket.on('message:delta', (event: { conversationId: string; text: string }) => {
      this.set({ drafts: { ...this.snapshot.drafts, [event.conversationId]: event.text } });
    });
    socket.on('typing', (event: TypingEvent) => this.onTyping(event));
    socket.on('read', (event: ReadEvent) => this.onRead(event));
  }

  private onConnectError(socket: Socket, error: Error): void {
    if (error.message === 'invalid_token') {
      // The server no longer knows this member (new secret, deleted contact): start over as a newcomer.
      forgetMember();
      this.close();
      this.set({ ...initialSnapshot(null), phase: 'form' });
      return;
    }
    // socket.io retries network failures itself, but not a refusal by the server's middleware.
    if (!socket.active) this.fail(new ChatError(error.message || 'connect_error', error.message));
  }

  private async sync(socket: Socket): Promise<void> {
    const joining = !this.snapshot.member;
    let context: ErrorContext = this.route.kind === 'community' ? 'group' : 'link';
    try {
      const joined = await this.joiner.joinTarget(socket);
      const target = joined.target;
      context = 'conversation';
      const conversations = joined.conversations ?? (await this.refreshConversations(socket));
      if (socket !== this.socket) return;
      const known = (id: string | null | undefined) =>
        id && conversations.some((conversation) => conversation.id === id) ? id : null;
      const selectedId =
        known(target) ??
        known(this.snapshot.selectedId) ??
        known(loadSelected()) ??
        conversations[0]?.id ??
        null;
      // The first time, open what the address asked for; on a reconnection keep what the member sees.
      const view = this.synced ? this.snapshot.view : target || known(loadSelected()) ? 'thread' : 'list';
      this.synced = true;
      if (selectedId) saveSelected(selectedId);
      this.set({ phase: 'ready', error: null, selectedId, view });
      // A reconnection may have missed messages in any conversation already shown.
      const loaded = Object.keys(this.snapshot.messages).filter((id) => known(id));
      await Promise.all(
        [...new Set([selectedId, ...loaded])]
          .filter((id) => id !== null)
          .map((id) => this.loadHistory(socket, id)),
      );
    } catch (error) {
      if (socket !== this.socket) return;
      const failure = error instanceof ChatError ? error : new ChatError('client', String(error));
      if (joining) {
        this.close();
        this.set({ phase: 'form', error: failure, errorContext: context });
      } else this.fail(failure, context);
    }
  }

  private async refreshConversations(socket: Socket): Promise<ConversationSummary[]> {
    const { conversations } = await request<{ conversations: ConversationSummary[] }>(
      socket,
      'conversations',
      {},
    );
    if (socket !== this.socket) return conversations;
    const sorted = sortConversations(conversations);
    this.set({ conversations: sorted });
    this.markRead();
    return sorted;
  }

  private async loadHistory(socket: Socket, conversationId: string, before?: string): Promise<void> {
    try {
      const payload = before
        ? { conversationId, before, limit: PAGE_SIZE }
        : { conversationId, limit: PAGE_SIZE };
      const { messages, readUpTo } = await request<{ messages: ChatMessage[]; readUpTo?: string | null }>(
        socket,
        'history',
        payload,
      );
      if (socket !== this.socket) return;
      const page = { messages, older: before !== undefined, full: messages.length >= PAGE_SIZE, readUpTo };
      this.set(withHistory(this.snapshot, conversationId, page));
      this.markRead();
    } catch (error) {
      if (socket === this.socket) this.showNotice(error, 'conversation');
    }
  }

  private onMessage(socket: Socket, { conversationId, message }: MessageEvent): void {
    const { member, conversations } = this.snapshot;
    const own = isOwn(message, member);
    const looking = this.looking(conversationId);
    const known = conversations.find((conversation) => conversation.id === conversationId);
    // The same message again (a status change, a replay after a reconnection) is news to nobody.
    const again = this.snapshot.messages[conversationId]?.some((shown) => shown.id === message.id) ?? false;
    this.addMessage(message, settledBy(this.snapshot, message), !own && !looking && !again);
    if (own || again) return;
    if (!known) {
      // Someone opened a private conversation with the member, or a group they were added to spoke.
      void this.refreshConversations(socket)
        .then((list) => {
          if (
            list.find((conversation) => conversation.id === conversationId)?.kind === 'direct' &&
            !looking
          ) {
            this.notifier.alert(conversationId);
          }
        })
        .catch((error: unknown) => this.showNotice(error, 'conversation'));
    } else if (known.kind === 'direct' && !looking) this.notifier.alert(conversationId);
  }

  private addMessage(message: ChatMessage, patch: Partial<ChatSnapshot> = {}, countUnread = false): void {
    const id = message.conversationId;
    const current = this.snapshot.messages[id] ?? [];
    this.set({
      ...patch,
      messages: { ...this.snapshot.messages, [id]: mergeMessages(current, [message]) },
      conversations: withMessage(this.snapshot.conversations, message, countUnread),
    });
    this.markRead();
  }

  private onTyping({ conversationId, member }: TypingEvent): void {
    if (!member?.id || !member.name || member.id === this.snapshot.member?.id) return;
    const typer = { id: member.id, name: member.name, until: Date.now() + TYPING_SHOWN_MS };
    this.set({ typing: withTyper(this.snapshot.typing, conversationId, typer, Date.now()) });
    this.typingClock.scheduleExpiry(
      () => this.snapshot.typing,
      (typing) => this.set({ typing }),
    );
  }

  private onRead({ conversationId, memberId, messageId }: ReadEvent): void {
    if (memberId === this.snapshot.member?.id) {
      // Read in another tab of the same member.
      this.notifier.seen(conversationId);
      this.set({ conversations: withUnread(this.snapshot.conversations, conversationId, 0) });
      return;
    }
    const readUpTo = withReceipt(this.snapshot, conversationId, messageId);
    if (readUpTo) this.set({ readUpTo });
  }

  private showNotice(error: unknown, context: ErrorContext): void {
    const failure = error instanceof ChatError ? error : new ChatError('client', String(error));
    this.set({ notice: { error: failure, context } });
  }

  private fail(error: ChatError, context: ErrorContext = 'link'): void {
    this.close();
    this.set({ phase: 'failed', error, errorContext: context, online: false });
  }
}
