import type { AiUsageRepository, TrackedLinkRepository } from '../../../core/repositories.js';
import { compare, conflict, copy, type Gate, key, type MemoryState } from './state.js';

export function createTrackedLinkRepository(state: MemoryState, gate: Gate): TrackedLinkRepository {
  const { trackedLinks } = state;
  return {
    create: (link) =>
      gate(() => {
        if (trackedLinks.has(link.id)) throw conflict('tracked link', ['id']);
        trackedLinks.set(link.id, copy(link));
        return copy(link);
      }),
    get: (id) => gate(() => copy(trackedLinks.get(id) ?? null)),
    // Read and write in one gated step, as the real store's single UPDATE: no click is lost.
    recordClick: (id, at) =>
      gate(() => {
        const link = trackedLinks.get(id);
        if (!link) return null;
        const latest = link.lastClickAt && link.lastClickAt > at ? link.lastClickAt : at;
        const next = { ...link, clicks: link.clicks + 1, lastClickAt: latest };
        trackedLinks.set(id, next);
        return copy(next);
      }),
    /** Oldest first (ids are time-ordered). */
    listForConversation: (conversationId) =>
      gate(() =>
        [...trackedLinks.values()]
          .filter((link) => link.conversationId === conversationId)
          .sort((a, b) => compare(a.id, b.id))
          .map(copy),
      ),
  };
}

export function createAiUsageRepository(state: MemoryState, gate: Gate): AiUsageRepository {
  const { aiUsage } = state;
  return {
    // Insert-or-accumulate in one gated step, as the real store's single upsert.
    add: (day, provider, inputTokens, outputTokens) =>
      gate(() => {
        const id = key(day, provider);
        const current = aiUsage.get(id) ?? { day, provider, calls: 0, inputTokens: 0, outputTokens: 0 };
        aiUsage.set(id, {
          ...current,
          calls: current.calls + 1,
          inputTokens: current.inputTokens + inputTokens,
          outputTokens: current.outputTokens + outputTokens,
        });
      }),
    list: (sinceDay) =>
      gate(() =>
        [...aiUsage.values()]
          .filter((usage) => usage.day >= sinceDay)
          .sort((a, b) => compare(a.day, b.day) || compare(a.provider, b.provider))
          .map(copy),
      ),
  };
}
