/**
 * The Baileys link's lease (issue 17): one process holds the link, renewing its row every third of
 * the lease; the others ask as often, so when the holder dies (no release) one of them takes over at
 * most a lease plus one interval later: 20 s + 6.7 s, within the 30 s the contract gives.
 */
export const BAILEYS_LEASE_MS = 20_000;

/** How often the holder renews and the others ask. */
export function leaseCheckEvery(leaseMs: number): number {
  return Math.max(50, leaseMs / 3);
}

/** The longest a standby waits after the holder's death before it holds the link. */
export function takeoverBoundMs(leaseMs: number): number {
  return leaseMs + leaseCheckEvery(leaseMs);
}
