import type { ActivityDayRepository } from '../../../core/repositories.js';
import { copy, type Gate, key, type MemoryState } from './state.js';

/** Closed days' figures; the first stored figures of a day stay. */
export function createActivityDayRepository(state: MemoryState, gate: Gate): ActivityDayRepository {
  const { activityDays } = state;
  return {
    get: (timeZone, days) =>
      gate(() =>
        [...new Set(days)].sort().flatMap((day) => {
          const stored = activityDays.get(key(timeZone, day));
          return stored ? [copy(stored)] : [];
        }),
      ),
    put: (timeZone, days) =>
      gate(() => {
        for (const figures of days) {
          const k = key(timeZone, figures.day);
          if (!activityDays.has(k)) activityDays.set(k, copy(figures));
        }
      }),
  };
}
