import type { ChannelStateRepository, LeaseRepository } from '../../../core/repositories.js';
import { copy, type Gate, key, type MemoryState } from './state.js';

export function createChannelStateRepository(state: MemoryState, gate: Gate): ChannelStateRepository {
  const table = state.channelState;
  return {
    get: (namespace, keys) =>
      gate(() => {
        const out: Record<string, string> = {};
        for (const name of keys) {
          const row = table.get(key(namespace, name));
          if (row) out[name] = row.value;
        }
        return out;
      }),
    set: (namespace, entries, now) =>
      gate(() => {
        for (const [name, value] of Object.entries(entries)) {
          if (value === null) table.delete(key(namespace, name));
          else table.set(key(namespace, name), { namespace, key: name, value, updatedAt: now });
        }
      }),
    clear: (namespace) =>
      gate(() => {
        let count = 0;
        for (const [id, row] of table) {
          if (row.namespace !== namespace) continue;
          table.delete(id);
          count++;
        }
        return count;
      }),
  };
}

export function createLeaseRepository(state: MemoryState, gate: Gate): LeaseRepository {
  const { leases } = state;
  return {
    acquire: (name, holder, expiresAt, now) =>
      gate(() => {
        const current = leases.get(name);
        if (current && current.expiresAt > now && current.holder !== holder) return false;
        leases.set(name, { name, holder, expiresAt });
        return true;
      }),
    release: (name, holder) =>
      gate(() => {
        if (leases.get(name)?.holder === holder) leases.delete(name);
      }),
    get: (name) => gate(() => copy(leases.get(name) ?? null)),
  };
}
