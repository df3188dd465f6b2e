/**
 * The `/admin` socket.io feed (session cookie): `message`, `conversation`, `delivery` and `channel` events. One connection for the whole panel, opened by the first page that listens; this
 * module (and socket.io-client with it) is only loaded by the lazy sections that need it.
 */
import { useEffect, useState } from 'preact/hooks';
import { io, type Socket } from 'socket.io-client';
import { signOutHooks } from './session.js';
import type {
  CampaignStatus,
  ChannelInfo,
  Conversation,
  Delivery,
  DeliveryCounts,
  Message,
} from './types.js';

export interface LiveEvents {
  message: { conversationId: string; message: Message };
  conversation: { change: 'created' | 'updated' | 'handoff'; conversation: Conversation };
  /** One delivery that changed, or (`status` + `counts`) the campaign's progress, at most every second. */
  delivery: { campaignId: string; delivery?: Delivery; status?: CampaignStatus; counts?: DeliveryCounts };
  /** A channel's status changed (connected, lost, a new QR code to scan: ask the QR route for it). */
  channel: { channel: string; status: Omit<ChannelInfo, 'name'>; qrIssuedAt: string | null };
  /** Issue 19: a conversation's agent or open / resolved status changed. */
  inbox: {
    conversationId: string;
    change: 'assigned' | 'status';
    summary: Omit<import('./inbox.js').InboxSummary, 'unread'>;
  };
  /** The customer is typing in a conversation (web chat). */
  typing: { conversationId: string; name: string };
  /** A message to send later was scheduled, cancelled, sent or failed. */
  scheduled: { conversationId: string; scheduled: import('./inbox.js').ScheduledMessage };
  /** A booking was made or changed (booked, cancelled, paid, checked in…): lists of them are refetched. */
  booking: { booking: { id: string; sessionId: string } };
  /**
   * Ours, not the server's: the feed is back after a disconnection and what happened meanwhile was not
   * replayed (the PostgreSQL adapter has no connection-state recovery), so what is shown is refetched.
   */
  resynced: Record<string, never>;
}

let socket: Socket | null = null;
const resyncListeners = new Set<(payload: unknown) => void>();

function connection(): Socket {
  if (socket) return socket;
  const created = io('/admin', { withCredentials: true });
  let connectedBefore = false;
  created.on('connect', () => {
    // Not on the first connect (the pages have just loaded), nor when the server replayed what was missed.
    if (connectedBefore && !created.recovered) for (const listener of [...resyncListeners]) listener({});
    connectedBefore = true;
  });
  socket = created;
  return created;
}

export function onLive<K extends keyof LiveEvents>(
  event: K,
  listener: (payload: LiveEvents[K]) => void,
): () => void {
  const live = connection();
  const handler = listener as (payload: unknown) => void;
  if (event === 'resynced') {
    resyncListeners.add(handler);
    return () => {
      resyncListeners.delete(handler);
    };
  }
  live.on(event as string, handler);
  return () => {
    live.off(event as string, handler);
  };
}

/** Subscribes for the component's lifetime. */
export function useLive<K extends keyof LiveEvents>(
  event: K,
  listener: (payload: LiveEvents[K]) => void,
): void {
  const latest = useLatest(listener);
  useEffect(() => onLive(event, (payload) => latest.current(payload)), [event, latest]);
}

function useLatest<T>(value: T): { current: T } {
  const [ref] = useState(() => ({ current: value }));
  ref.current = value;
  return ref;
}

/** Whether the feed is connected now (shown so the coach knows the inbox is live). */
export function useLiveConnected(): boolean {
  const [connected, setConnected] = useState(() => connection().connected);
  useEffect(() => {
    const live = connection();
    const up = () => setConnected(true);
    const down = () => setConnected(false);
    live.on('connect', up);
    live.on('disconnect', down);
    live.on('connect_error', down);
    setConnected(live.connected);
    return () => {
      live.off('connect', up);
      live.off('disconnect', down);
      live.off('connect_error', down);
    };
  }, []);
  return connected;
}

/** Sends an event on the feed (the coach's typing); nothing is queued while disconnected. */
export function emitLive(event: string, payload: object): void {
  const live = connection();
  if (live.connected) live.emit(event, payload);
}

/** After logout the cookie is gone: the next sign-in opens a fresh connection. */
export function closeLive(): void {
  socket?.close();
  socket = null;
}

signOutHooks.add(closeLive);
