/** Ports of what channels keep between runs, and of leases between processes (see repositories.ts). */

/**
 * Small opaque values a channel keeps between runs, by namespace (the Baileys link's credentials and
 * signal keys, already encrypted by the caller). Writes of one call are atomic.
 */
export interface ChannelStateRepository {
  /** The values of those keys that exist. */
  get(namespace: string, keys: string[]): Promise<Record<string, string>>;
  /** Sets each key to its value, or deletes it for null. */
  set(namespace: string, entries: Record<string, string | null>, now: string): Promise<void>;
  /** Deletes every key of the namespace (a logged-out WhatsApp link); how many. */
  clear(namespace: string): Promise<number>;
}

export interface Lease {
  name: string;
  holder: string;
  expiresAt: string;
}

/** Named leases, so that exactly one process at a time holds something (the Baileys WhatsApp link). */
export interface LeaseRepository {
  /**
   * Takes the lease for `holder` until `expiresAt` when it is free, expired (`expiresAt` <= now), or
   * already the holder's (a renewal); atomically. True when `holder` holds it afterwards.
   */
  acquire(name: string, holder: string, expiresAt: string, now: string): Promise<boolean>;
  /** Lets it go, if `holder` holds it. */
  release(name: string, holder: string): Promise<void>;
  get(name: string): Promise<Lease | null>;
}
