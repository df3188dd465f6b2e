/**
 * AES-256-GCM for values stored at rest (the Baileys link's credentials and keys, the admins' TOTP
 * secrets), with a key derived from SECRET_KEY by HKDF for each purpose. Each value is bound to its
 * name (associated data), so a value copied under another name does not open. Names themselves can
 * be HMACs (`hideName`): the database then does not show, say, which numbers the Baileys link has
 * sessions with.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export interface SealedBox {
  seal(name: string, plaintext: string): string;
  /** Throws when the value was not sealed under this name with this key (tampered, or SECRET_KEY changed). */
  open(name: string, sealed: string): string;
  /** A stable, opaque name to store `name` under. */
  hideName(name: string): string;
}

export function createSealedBox(secretKey: string, purpose: string): SealedBox {
  const derive = (info: string) =>
    Buffer.from(
      hkdfSync('sha256', Buffer.from(secretKey, 'utf8'), Buffer.alloc(0), `kora:${purpose}:${info}`, 32),
    );
  const encryptionKey = derive('aes-256-gcm');
  const nameKey = derive('names');
  return {
    seal(name, plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
      cipher.setAAD(Buffer.from(name, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [
        VERSION,
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        body.toString('base64url'),
      ].join('.');
    },
    open(name, sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('not a sealed value');
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(name, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
    hideName: (name) => createHmac('sha256', nameKey).update(name).digest('base64url'),
  };
}
