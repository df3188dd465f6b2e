/**
 * The only module that imports `@whiskeysockets/baileys`: the socket factory over `makeWASocket`, and
 * what the auth store needs from the SDK. Baileys' own logs go to ours at warn level and above, with
 * digit runs that could be phone numbers masked.
 */
import makeWASocket, { Browsers, initAuthCreds, proto } from '@whiskeysockets/baileys';
import type { Logger } from '../../../core/logger.js';
import type { BaileysAuthSdk } from './auth-state.js';
import type { BaileysSocket, BaileysSocketFactory } from './socket.js';

export const baileysAuthSdk: BaileysAuthSdk = {
  initAuthCreds: () => initAuthCreds() as unknown as Record<string, unknown>,
  reviveAppStateSyncKey: (value) =>
    proto.Message.AppStateSyncKeyData.fromObject(value as Record<string, unknown>),
};

const mask = (text: unknown) =>
  String(text ?? '').replace(/\d{6,}/g, (digits) => `${digits.slice(0, 2)}…${digits.slice(-2)}`);

/** pino's shape, as Baileys expects it, writing warnings and errors to our logger. */
function baileysLogger(logger: Logger) {
  const message = (obj: unknown, msg?: string) => mask(msg ?? (typeof obj === 'string' ? obj : ''));
  const sink = {
    level: 'warn',
    child: () => sink,
    trace: () => {},
    debug: () => {},
    info: () => {},
    warn: (obj: unknown, msg?: string) => logger.warn({ source: 'baileys' }, message(obj, msg)),
    error: (obj: unknown, msg?: string) => logger.error({ source: 'baileys' }, message(obj, msg)),
  };
  return sink;
}

export function createBaileysSocketFactory(logger: Logger): BaileysSocketFactory {
  return (auth) =>
    makeWASocket({
      auth: auth as unknown as Parameters<typeof makeWASocket>[0]['auth'],
      logger: baileysLogger(logger) as unknown as Parameters<typeof makeWASocket>[0]['logger'],
      browser: Browsers.ubuntu('Kora'),
      markOnlineOnConnect: false,
      syncFullHistory: false,
    }) as unknown as BaileysSocket;
}
