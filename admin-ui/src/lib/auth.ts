import { ApiError, fetchJson } from './fetch-json.js';

export type Role = 'owner' | 'agent';

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

interface UserBody {
  user: AdminUser;
}

export async function login(email: string, password: string): Promise<AdminUser> {
  const body = await fetchJson<UserBody>('/api/admin/auth/login', {
    method: 'POST',
    body: { email, password },
  });
  return body.user;
}

export async function logout(): Promise<void> {
  await fetchJson<void>('/api/admin/auth/logout', { method: 'POST' });
}

/** The signed-in user, or null without a valid session. */
export async function me(): Promise<AdminUser | null> {
  try {
    return (await fetchJson<UserBody>('/api/admin/auth/me')).user;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export interface SetupInput {
  token: string;
  name: string;
  email: string;
  password: string;
}

/** Creates the owner account from the one-time setup link; signs them in. */
export async function setup(input: SetupInput): Promise<AdminUser> {
  return (await fetchJson<UserBody>('/api/admin/auth/setup', { method: 'POST', body: input })).user;
}
