import { describe, expect, it } from 'vitest';
import { createSealedBox } from '../../core/sealed-box.js';

const KEY = 'a-secret-key-of-at-least-32-characters!!';

describe('sealed box', () => {
  it('opens what it sealed, under the same name, purpose and key only', () => {
    const box = createSealedBox(KEY, 'admin-totp');
    const sealed = box.seal('user-1', 'JBSWY3DPEHPK3PXP');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open('user-1', sealed)).toBe('JBSWY3DPEHPK3PXP');
    // Same plaintext twice: different ciphertexts (a fresh IV each time).
    expect(box.seal('user-1', 'JBSWY3DPEHPK3PXP')).not.toBe(sealed);
    expect(() => box.open('user-2', sealed)).toThrow();
    expect(() => createSealedBox(KEY, 'whatsapp-auth').open('user-1', sealed)).toThrow();
    expect(() => createSealedBox(`${KEY}?`, 'admin-totp').open('user-1', sealed)).toThrow();
  });

  it('refuses a tampered or malformed value', () => {
    const box = createSealedBox(KEY, 'admin-totp');
    const [version, iv, tag, body] = box.seal('user-1', 'secret').split('.');
    const flipped = Buffer.from(body!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => box.open('user-1', [version, iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => box.open('user-1', 'not sealed')).toThrow('not a sealed value');
  });

  it('hides names with a keyed hash per purpose', () => {
    const box = createSealedBox(KEY, 'whatsapp-auth');
    expect(box.hideName('session-41791234567')).toBe(box.hideName('session-41791234567'));
    expect(box.hideName('session-41791234567')).not.toContain('41791234567');
    expect(createSealedBox(KEY, 'admin-totp').hideName('a')).not.toBe(box.hideName('a'));
  });
});
