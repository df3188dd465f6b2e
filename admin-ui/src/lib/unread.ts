/**
 * The inbox's unread total for the signed-in agent (conversations with a customer message they have
 * not seen), shown in the tab title and on the menu. Fetched once, then again (debounced) whenever the
 * `/admin` feed brings a customer message or comes back, or a conversation is opened. The feed module
 * (socket.io) is imported lazily: the first screen's entry chunk stays without it.
 */
import { useEffect, useState } from 'preact/hooks';
import { fetchUnread } from './inbox.js';
import { signOutHooks } from './session.js';

let total: number | null = null;
let limit = 100;
let started = false;
let timer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<(count: number | null) => void>();

async function load(): Promise<void> {
  try {
    const body = await fetchUnread();
    total = body.count;
    limit = body.limit;
    for (const listener of listeners) listener(total);
  } catch {
    // The count is a nicety: the inbox itself shows what failed.
  }
}

/** Asks the server again shortly (several events in a burst make one request). */
export function refreshUnread(delayMs = 250): void {
  clearTimeout(timer);
  timer = setTimeout(() => void load(), delayMs);
}

function start(): void {
  if (started) return;
  started = true;
  void load();
  void import('./live.js').then(({ onLive }) => {
    onLive('message', ({ message }) => {
      if (message.sender.type === 'contact') refreshUnread();
    });
    onLive('resynced', () => refreshUnread());
  });
}

/** "99+" past the server's limit. */
export function unreadLabel(count: number): string {
  return count >= limit ? `${limit - 1}+` : String(count);
}

export function useUnreadTotal(): number | null {
  const [count, setCount] = useState(total);
  useEffect(() => {
    start();
    listeners.add(setCount);
    setCount(total);
    return () => {
      listeners.delete(setCount);
    };
  }, []);
  return count;
}

signOutHooks.add(() => {
  total = null;
  started = false;
  for (const listener of listeners) listener(null);
});
