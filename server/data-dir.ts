/**
 * DATA_DIR at start: created 0700 when missing. An existing folder keeps its mode (it may be a mount
 * point, or shared on purpose); if others can reach it, a warning names the fix. The files Kora keeps
 * there are 0600 either way (storage/embedded/private-files.ts).
 */
import { ensurePrivateDir } from '../storage/embedded/private-files.js';

export function prepareDataDir(dataDir: string, warn: (message: string) => void): void {
  const loose = ensurePrivateDir(dataDir);
  if (loose === null) return;
  warn(
    `DATA_DIR ${dataDir} is open to other users (mode ${loose.toString(8)}): run chmod 700 ${dataDir}. ` +
      'The files Kora keeps in it are readable by their owner only.',
  );
}
