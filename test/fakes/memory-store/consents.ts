import type { ConsentRepository } from '../../../core/repositories.js';
import { compare, copy, type Gate, key, type MemoryState } from './state.js';

export function createConsentRepository(state: MemoryState, gate: Gate): ConsentRepository {
  const { consents } = state;
  return {
    // Upsert in one gated step, as the real store's single statement.
    set: (consent) =>
      gate(() => {
        consents.set(key(consent.contactId, consent.channel), copy(consent));
      }),
    get: (contactId, channel) => gate(() => copy(consents.get(key(contactId, channel)) ?? null)),
    listOptedOut: (channel) =>
      gate(() =>
        [...consents.values()]
          .filter((consent) => consent.channel === channel && consent.optedOut)
          .map((consent) => consent.contactId)
          .sort(compare),
      ),
  };
}
