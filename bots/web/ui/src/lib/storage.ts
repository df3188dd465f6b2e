import type { Member } from './protocol.js';

const MEMBER_KEY = 'kora.member';
const LANG_KEY = 'kora.lang';
const SELECTED_KEY = 'kora.selected';
const conversationKey = (link: string) => `kora.conversation.${link}`;

/** What the address asks for: an entry link's assistant (`/c/<token>`), or the community (`/chat?group=`). */
export type Route =
  | { kind: 'link'; link: string }
  | { kind: 'community'; group: string | null }
  | { kind: 'unknown' };

export function routeFromLocation(pathname: string, search: string): Route {
  if (/^\/chat\/?$/.test(pathname)) {
    const group = new URLSearchParams(search).get('group')?.trim();
    return { kind: 'community', group: group || null };
  }
  const link = linkFromPath(pathname);
  return link ? { kind: 'link', link } : { kind: 'unknown' };
}

/** The entry-link token of a `/c/<token>` address, or null. */
export function linkFromPath(pathname: string): string | null {
  const match = /^\/c\/([^/]+)\/?$/.exec(pathname);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

// Storage can be disabled or full: the chat still works, it just forgets the visitor on reload.
function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // see read()
  }
}

export function loadMember(): Member | null {
  try {
    const value: unknown = JSON.parse(read(MEMBER_KEY) ?? 'null');
    const { id, name, token } = (value ?? {}) as Record<string, unknown>;
    if (typeof id === 'string' && typeof name === 'string' && typeof token === 'string')
      return { id, name, token };
  } catch {
    // a corrupt entry is the same as none
  }
  return null;
}

export function saveMember(member: Member): void {
  write(MEMBER_KEY, JSON.stringify({ id: member.id, name: member.name, token: member.token }));
}

export function forgetMember(): void {
  write(MEMBER_KEY, null);
}

export function loadConversation(link: string): string | null {
  return read(conversationKey(link));
}

export function saveConversation(link: string, conversationId: string): void {
  write(conversationKey(link), conversationId);
}

export function loadLang(): 'en' | 'fr' | null {
  const value = read(LANG_KEY);
  return value === 'en' || value === 'fr' ? value : null;
}

export function saveLang(value: 'en' | 'fr'): void {
  write(LANG_KEY, value);
}

/** The conversation open at the last visit, to come back to it after a reload. */
export function loadSelected(): string | null {
  return read(SELECTED_KEY);
}

export function saveSelected(conversationId: string | null): void {
  write(SELECTED_KEY, conversationId);
}
