/**
 * Agenda's `JobRepository` on Kora's own store (`store.jobs`): the embedded backend, used when Kora
 * does not run on PostgreSQL. Storage primitives (atomic find-and-lock, upserts) live in the store;
 * what is the same for every store (unique/single upserts, data filters, job states, overviews) is computed here.
 */
import { randomUUID } from 'node:crypto';
import {
  computeJobState,
  type JobId,
  type JobParameters,
  type JobRepository,
  type JobRepositoryOptions,
  type JobsOverview,
  type JobsQueryOptions,
  type JobsResult,
  type JobWithState,
  type RemoveJobsOptions,
  toJobId,
} from 'agenda';
import type { JobFilter, JobStoreRepository } from '../core/repositories.js';
import type { StoredJob } from '../core/types.js';

/** Whether `data` holds every field of `filter` (nested objects compared field by field). */
export function dataMatches(data: unknown, filter: unknown): boolean {
  if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
    return JSON.stringify(data) === JSON.stringify(filter);
  }
  if (data === null || typeof data !== 'object') return false;
  return Object.entries(filter).every(([key, value]) =>
    dataMatches((data as Record<string, unknown>)[key], value),
  );
}

/** A value at a dotted path of a job ('name', 'data.campaignId'). */
function valueAt(job: StoredJob, path: string): unknown {
  let value: unknown = job;
  for (const part of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const toParameters = (job: StoredJob): JobParameters => ({ ...job, _id: toJobId(job._id!) }) as JobParameters;

function withState(job: StoredJob, now: Date): JobWithState {
  const parameters = toParameters(job);
  return { ...parameters, _id: parameters._id!, state: computeJobState(parameters, now) };
}

type SortKey = keyof NonNullable<JobsQueryOptions['sort']>;

function sortJobs(jobs: StoredJob[], sort: JobsQueryOptions['sort']): StoredJob[] {
  const keys = Object.entries(sort ?? { nextRunAt: 'desc', lastRunAt: 'desc' }) as [
    SortKey,
    'asc' | 'desc',
  ][];
  const comparable = (value: unknown) =>
    value instanceof Date ? value.getTime() : typeof value === 'object' ? JSON.stringify(value) : value;
  return [...jobs].sort((a, b) => {
    for (const [key, direction] of keys) {
      const [x, y] = [comparable(a[key]), comparable(b[key])] as [number | string, number | string];
      if (x === y) continue;
      if (x === undefined || x === null) return 1;
      if (y === undefined || y === null) return -1;
      return (x < y ? -1 : 1) * (direction === 'asc' ? 1 : -1);
    }
    return 0;
  });
}

export class StoreJobRepository implements JobRepository {
  constructor(private readonly jobs: JobStoreRepository) {}

  async connect(): Promise<void> {}

  async queryJobs(options: JobsQueryOptions = {}): Promise<JobsResult> {
    const now = new Date();
    const { state, skip = 0, limit = 0 } = options;
    let jobs = await this.jobs.list({
      ids: options.id ? [options.id] : options.ids,
      names: options.name ? [options.name] : options.names?.length ? options.names : undefined,
    });
    const search = options.search?.toLowerCase();
    if (search) jobs = jobs.filter((job) => job.name.toLowerCase().includes(search));
    if (options.data !== undefined) jobs = jobs.filter((job) => dataMatches(job.data, options.data));
    if (options.includeDisabled === false) jobs = jobs.filter((job) => !job.disabled);
    let shown = sortJobs(jobs, options.sort).map((job) => withState(job, now));
    if (state)
      shown = shown.filter((job) => (state === 'paused' ? job.disabled === true : job.state === state));
    const page = limit > 0 ? shown.slice(skip, skip + limit) : shown.slice(skip);
    return { jobs: page, total: shown.length };
  }

  async getJobsOverview(): Promise<JobsOverview[]> {
    const now = new Date();
    const byName = new Map<string, JobsOverview>();
    for (const job of await this.jobs.list({})) {
      let overview = byName.get(job.name);
      if (!overview) {
        overview = {
          name: job.name,
          total: 0,
          running: 0,
          scheduled: 0,
          queued: 0,
          completed: 0,
          failed: 0,
          repeating: 0,
          paused: 0,
        };
        byName.set(job.name, overview);
      }
      overview.total++;
      overview[computeJobState(toParameters(job), now)]++;
      if (job.disabled) overview.paused++;
    }
    return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  getDistinctJobNames(): Promise<string[]> {
    return this.jobs.distinctNames();
  }

  async getJobById(id: string): Promise<JobParameters | null> {
    const job = await this.jobs.get(id);
    return job ? toParameters(job) : null;
  }

  getQueueSize(): Promise<number> {
    return this.jobs.countDue(new Date());
  }

  /** The ids the options name, or null when they name nothing (then nothing is touched). */
  async #select(options: RemoveJobsOptions): Promise<JobFilter | null> {
    const filter: JobFilter = {};
    if (options.id) filter.ids = [String(options.id)];
    else if (options.ids?.length) filter.ids = options.ids.map(String);
    if (options.name) filter.names = [options.name];
    else if (options.names?.length) filter.names = options.names;
    else if (options.notNames?.length) filter.notNames = options.notNames;
    if (options.data !== undefined) {
      const matching = (await this.jobs.list(filter)).filter((job) => dataMatches(job.data, options.data));
      return { ids: matching.map((job) => job._id!) };
    }
    return Object.keys(filter).length > 0 ? filter : null;
  }

  async removeJobs(options: RemoveJobsOptions): Promise<number> {
    const filter = await this.#select(options);
    return filter ? this.jobs.remove(filter) : 0;
  }

  async disableJobs(options: RemoveJobsOptions): Promise<number> {
    const filter = await this.#select(options);
    return filter ? this.jobs.setDisabled(filter, true) : 0;
  }

  async enableJobs(options: RemoveJobsOptions): Promise<number> {
    const filter = await this.#select(options);
    return filter ? this.jobs.setDisabled(filter, false) : 0;
  }

  purgeAllJobs(): Promise<number> {
    return this.jobs.removeAll();
  }

  async saveJob<DATA = unknown>(
    job: JobParameters<DATA>,
    options: JobRepositoryOptions | undefined,
  ): Promise<JobParameters<DATA>> {
    const { _id, unique, uniqueOpts, ...props } = job;
    if (uniqueOpts?.debounce) {
      throw new Error('debounced jobs are not supported by the embedded scheduler backend');
    }
    const stored = { ...props, lastModifiedBy: options?.lastModifiedBy } as StoredJob;
    const out = (saved: StoredJob | null) => (saved ? toParameters(saved) : job) as JobParameters<DATA>;
    if (_id) return out(await this.jobs.replace({ ...stored, _id }));
    if (props.type === 'single') {
      // A past nextRunAt keeps the stored one: a restart must not push a recurring job's run back.
      const keep = props.nextRunAt !== null && new Date(props.nextRunAt) <= new Date();
      return out(await this.jobs.upsertSingle({ ...stored, _id: randomUUID() }, keep));
    }
    if (unique) {
      const existing = (await this.jobs.list({ names: [props.name] })).find((candidate) =>
        Object.entries(unique).every(([path, value]) => dataMatches(valueAt(candidate, path), value)),
      );
      if (existing) {
        if (uniqueOpts?.insertOnly) return out(existing);
        return out(await this.jobs.replace({ ...stored, _id: existing._id }));
      }
    }
    return out(await this.jobs.insert({ ...stored, _id: randomUUID() }));
  }

  async saveJobState(job: JobParameters, options: JobRepositoryOptions | undefined): Promise<void> {
    if (!job._id) throw new Error('Cannot save job state without job ID');
    const saved = await this.jobs.saveState(String(job._id), job.name, {
      lockedAt: job.lockedAt,
      nextRunAt: job.nextRunAt,
      lastRunAt: job.lastRunAt,
      progress: job.progress,
      failReason: job.failReason,
      failCount: job.failCount,
      failedAt: job.failedAt,
      lastFinishedAt: job.lastFinishedAt,
      lastModifiedBy: options?.lastModifiedBy,
    });
    if (!saved) {
      throw new Error(
        `job ${job._id} (name: ${job.name}) cannot be updated in the database, maybe it does not exist anymore?`,
      );
    }
  }

  async lockJob(job: JobParameters, options: JobRepositoryOptions | undefined) {
    if (!job._id) return undefined;
    const locked = await this.jobs.lock(
      String(job._id),
      job.name,
      job.nextRunAt,
      new Date(),
      options?.lastModifiedBy,
    );
    return locked ? toParameters(locked) : undefined;
  }

  async unlockJob(job: JobParameters): Promise<void> {
    if (job._id) await this.jobs.unlock(String(job._id));
  }

  async unlockJobs(jobIds: (JobId | string)[]): Promise<void> {
    await this.jobs.unlockMany(jobIds.map(String));
  }

  async getNextJobToRun(
    jobName: string,
    nextScanAt: Date,
    lockDeadline: Date,
    now: Date | undefined,
    options: JobRepositoryOptions | undefined,
  ): Promise<JobParameters | undefined> {
    const job = await this.jobs.lockNext(
      jobName,
      nextScanAt,
      lockDeadline,
      now ?? new Date(),
      options?.lastModifiedBy,
    );
    return job ? toParameters(job) : undefined;
  }
}
