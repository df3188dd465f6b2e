import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { AdminUser } from './auth.js';

export interface Session {
  user: AdminUser | null;
  setUser(user: AdminUser | null): void;
}

export const SessionContext = createContext<Session>({ user: null, setUser: () => {} });

export const useSession = (): Session => useContext(SessionContext);

/** What lazy modules undo at sign-out (the live socket), without the layout importing them. */
export const signOutHooks = new Set<() => void>();
