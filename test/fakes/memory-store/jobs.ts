import type { JobFilter, JobStoreRepository } from '../../../core/repositories.js';
import type { StoredJob } from '../../../core/types.js';
import { compare, copy, type Gate, type MemoryState } from './state.js';

const time = (date: Date | null | undefined) => (date ? new Date(date).getTime() : null);

function matches(job: StoredJob, filter: JobFilter): boolean {
  if (filter.ids && !filter.ids.includes(job._id!)) return false;
  if (filter.names && !filter.names.includes(job.name)) return false;
  if (filter.notNames?.includes(job.name)) return false;
  return true;
}

/** nextRunAt ascending (nulls last), then priority (highest first), then id: the embedded order. */
function byRunOrder(a: StoredJob, b: StoredJob): number {
  const [x, y] = [time(a.nextRunAt), time(b.nextRunAt)];
  if (x !== y) return x === null ? 1 : y === null ? -1 : x - y;
  return (b.priority ?? 0) - (a.priority ?? 0) || compare(a._id!, b._id!);
}

/** Without the fields that are unset (undefined or null): the embedded store does not keep them either. */
function clean(job: StoredJob): StoredJob {
  const out = Object.fromEntries(
    Object.entries(job).filter(
      ([name, value]) => value !== undefined && (value !== null || name === 'nextRunAt'),
    ),
  );
  return {
    nextRunAt: null,
    ...copy(out),
    disabled: Boolean(job.disabled),
    data: job.data ?? null,
  } as StoredJob;
}

export function createJobStoreRepository(state: MemoryState, gate: Gate): JobStoreRepository {
  const { jobs } = state;
  const selected = (filter: JobFilter) => [...jobs.values()].filter((job) => matches(job, filter));

  return {
    insert: (job) =>
      gate(() => {
        if (jobs.has(job._id!)) throw new Error(`job ${job._id} already exists`);
        jobs.set(job._id!, clean(job));
        return copy(jobs.get(job._id!)!);
      }),
    get: (id) => gate(() => copy(jobs.get(id) ?? null)),
    replace: (job) =>
      gate(() => {
        const current = jobs.get(job._id!);
        if (!current || current.name !== job.name) return null;
        jobs.set(job._id!, clean(job));
        return copy(jobs.get(job._id!)!);
      }),
    upsertSingle: (job, keepNextRunAt) =>
      gate(() => {
        const current = [...jobs.values()].find(
          (stored) => stored.name === job.name && stored.type === 'single',
        );
        if (!current) {
          jobs.set(job._id!, clean(job));
          return copy(jobs.get(job._id!)!);
        }
        const next = clean({ ...job, _id: current._id });
        if (keepNextRunAt) next.nextRunAt = current.nextRunAt;
        jobs.set(current._id!, next);
        return copy(next);
      }),
    list: (filter) => gate(() => copy(selected(filter).sort(byRunOrder))),
    saveState: (id, name, fields) =>
      gate(() => {
        const current = jobs.get(id);
        if (!current || current.name !== name) return false;
        jobs.set(id, clean({ ...current, ...fields, nextRunAt: fields.nextRunAt ?? null }));
        return true;
      }),
    lock: (id, name, nextRunAt, at, by) =>
      gate(() => {
        const job = jobs.get(id);
        if (!job || job.name !== name || job.lockedAt || job.disabled) return null;
        if (time(job.nextRunAt) !== time(nextRunAt)) return null;
        const locked = clean({ ...job, lockedAt: new Date(at), lastModifiedBy: by });
        jobs.set(id, locked);
        return copy(locked);
      }),
    lockNext: (name, nextScanAt, lockDeadline, at, by) =>
      gate(() => {
        const [job] = [...jobs.values()]
          .filter((candidate) => {
            if (candidate.name !== name || candidate.disabled) return false;
            const lockedAt = time(candidate.lockedAt);
            const next = time(candidate.nextRunAt);
            if (lockedAt === null) return next !== null && next <= nextScanAt.getTime();
            return lockedAt <= lockDeadline.getTime();
          })
          .sort(byRunOrder);
        if (!job) return null;
        const locked = clean({ ...job, lockedAt: new Date(at), lastModifiedBy: by });
        jobs.set(job._id!, locked);
        return copy(locked);
      }),
    unlock: (id) =>
      gate(() => {
        const job = jobs.get(id);
        if (job && job.nextRunAt !== null) delete job.lockedAt;
      }),
    unlockMany: (ids) =>
      gate(() => {
        for (const id of ids) delete jobs.get(id)?.lockedAt;
      }),
    remove: (filter) =>
      gate(() => {
        const doomed = selected(filter);
        for (const job of doomed) jobs.delete(job._id!);
        return doomed.length;
      }),
    setDisabled: (filter, disabled) =>
      gate(() => {
        const changed = selected(filter).filter((job) => Boolean(job.disabled) !== disabled);
        for (const job of changed) job.disabled = disabled;
        return changed.length;
      }),
    countDue: (now) =>
      gate(
        () => [...jobs.values()].filter((job) => (time(job.nextRunAt) ?? Infinity) < now.getTime()).length,
      ),
    distinctNames: () => gate(() => [...new Set([...jobs.values()].map((job) => job.name))].sort(compare)),
    removeAll: () =>
      gate(() => {
        const count = jobs.size;
        jobs.clear();
        return count;
      }),
  };
}
