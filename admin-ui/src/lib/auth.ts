import { ApiError, fetchJson } from './fetch-json.js';

export type Role = 'owner' | 'agent';

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  totpEnabled: boolean;
}

interface UserBody {
  user: AdminUser;
}

/** With two-factor sign-in on, the first try without `code` fails with `totp_required`. */
export async function login(email: string, password: string, code?: string): Promise<AdminUser> {
  const body = await fetchJson<UserBody>('/api/admin/auth/login', {
    method: 'POST',
    body: code ? { email, password, code } : { email, password },
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

/** Mails a reset link to the address if it is an admin's (the answer is the same either way). */
export async function requestPasswordReset(email: string): Promise<void> {
  await fetchJson<void>('/api/admin/auth/password-reset', { method: 'POST', body: { email } });
}

/** Sets the new password from the emailed link's token (it works once). */
export async function confirmPasswordReset(token: string, password: string): Promise<void> {
  await fetchJson<void>('/api/admin/auth/password-reset/confirm', {
    method: 'POST',
    body: { token, password },
  });
}

export interface TotpStatus {
  enabled: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
}

export interface TotpSetup {
  /** base32, to type into the app. */
  secret: string;
  /** The same, as the QR code's content. */
  otpauthUrl: string;
}

/** Two-factor sign-in of the signed-in user. */
export const totp = {
  status: () => fetchJson<TotpStatus>('/api/admin/auth/totp'),
  setup: () => fetchJson<TotpSetup>('/api/admin/auth/totp/setup', { method: 'POST' }),
  /** Turns it on; the recovery codes come only in this answer. */
  enable: (code: string) =>
    fetchJson<{ recoveryCodes: string[]; user: AdminUser }>('/api/admin/auth/totp/enable', {
      method: 'POST',
      body: { code },
    }),
  disable: (password: string, code: string) =>
    fetchJson<void>('/api/admin/auth/totp/disable', { method: 'POST', body: { password, code } }),
  /** Ten new recovery codes (shown once); the ones left stop working. */
  renewRecoveryCodes: (password: string, code: string) =>
    fetchJson<{ recoveryCodes: string[] }>('/api/admin/auth/totp/recovery-codes', {
      method: 'POST',
      body: { password, code },
    }),
};
