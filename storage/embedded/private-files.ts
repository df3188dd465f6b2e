/**
 * Owner-only files for what Kora keeps in DATA_DIR (conversations, contacts, credentials, the secret
 * key). SQLite creates its -wal and -shm files with the mode of the database file, so a kora.db made
 * 0600 before SQLite opens it keeps all three private. Modes are set with chmod, not left to the
 * umask: the usual 022 would make them 0644.
 */
import fs from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Group or other users have some access. */
const looser = (mode: number) => (mode & 0o077) !== 0;

/**
 * Creates `dir` 0700 when missing (and its missing parents). An existing folder keeps its mode: it
 * may be a mount point or shared on purpose; the files in it are private anyway. Returns the mode of
 * an existing folder others can reach, else null.
 */
export function ensurePrivateDir(dir: string): number | null {
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    fs.chmodSync(dir, PRIVATE_DIR_MODE);
    return null;
  }
  const mode = fs.statSync(dir).mode & 0o777;
  return looser(mode) ? mode : null;
}

/** Makes `file` 0600 if it exists with more than that (left by an older version). */
export function tightenFile(file: string): void {
  try {
    if (looser(fs.statSync(file).mode)) fs.chmodSync(file, PRIVATE_FILE_MODE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

/** Creates `file` empty and 0600 when missing, or tightens it: before any data is written to it. */
export function ensurePrivateFile(file: string): void {
  fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
  tightenFile(file);
}
