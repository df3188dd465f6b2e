/** SECRET_KEY from the environment, or one generated once into DATA_DIR (kept across restarts). */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensurePrivateFile, tightenFile } from '../storage/embedded/private-files.js';

export function resolveSecretKey(
  configured: string | undefined,
  dataDir: string,
  warn: (message: string) => void,
): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'secret.key');
  if (fs.existsSync(file)) {
    tightenFile(file);
    const stored = fs.readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
  }
  const key = randomBytes(48).toString('base64url');
  // 0600 before the key is written, also over a file too short to be a key.
  ensurePrivateFile(file);
  fs.writeFileSync(file, `${key}\n`);
  warn(
    `SECRET_KEY is not set: generated one into ${file}. Keep that file (or set SECRET_KEY) and back it up.`,
  );
  return key;
}
