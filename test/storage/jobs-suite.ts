/**
 * The semantics every Agenda backend must have, written against Agenda's `JobRepository` interface
 * only and run over a factory (as Agenda's own backend suites are): save, lock, lock lifetime and
 * expiry after a crash, getNextJobToRun ordering, disable/enable, remove, and a real Agenda on top.
 */
import { Agenda, type AgendaBackend, type JobParameters, type JobRepository } from 'agenda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

export type BackendFactory = () => Promise<{ backend: AgendaBackend; cleanup: () => Promise<void> }>;

const MINUTE = 60_000;

function job(overrides: Partial<JobParameters> = {}): JobParameters {
  return { name: 'send', priority: 0, nextRunAt: new Date(), type: 'normal', data: {}, ...overrides };
}

export function runJobBackendSuite(name: string, factory: BackendFactory): void {
  describe(`scheduler backend: ${name}`, () => {
    let current: Awaited<ReturnType<BackendFactory>> | undefined;
    let repo: JobRepository;

    beforeEach(async () => {
      current = await factory();
      repo = current.backend.repository;
      await repo.connect();
    });
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    });

    describe('saving', () => {
      it('inserts a job with a new id and reads it back', async () => {
        const at = new Date(Date.now() + MINUTE);
        const saved = await repo.saveJob(job({ nextRunAt: at, priority: 10, data: { campaignId: 'c1' } }), {
          lastModifiedBy: 'worker-a',
        });
        expect(saved._id).toBeTruthy();
        const read = await repo.getJobById(String(saved._id));
        expect(read).toMatchObject({
          name: 'send',
          priority: 10,
          type: 'normal',
          data: { campaignId: 'c1' },
        });
        expect(read?.nextRunAt?.getTime()).toBe(at.getTime());
        expect(read?.lastModifiedBy).toBe('worker-a');
        expect(await repo.getJobById('no-such-job')).toBeNull();
      });

      it('updates the job with the same id instead of adding one', async () => {
        const saved = await repo.saveJob(job({ data: { n: 1 } }), undefined);
        await repo.saveJob({ ...saved, data: { n: 2 } }, undefined);
        const { jobs, total } = await repo.queryJobs({ name: 'send' });
        expect(total).toBe(1);
        expect(jobs[0]?.data).toEqual({ n: 2 });
      });

      it("keeps one job per name for type 'single', and a past nextRunAt of the stored one", async () => {
        const first = new Date(Date.now() + 5 * MINUTE);
        const a = await repo.saveJob(job({ name: 'purge', type: 'single', nextRunAt: first }), undefined);
        const b = await repo.saveJob(
          job({
            name: 'purge',
            type: 'single',
            nextRunAt: new Date(Date.now() - MINUTE),
            repeatInterval: '1 hour',
          }),
          undefined,
        );
        expect(String(b._id)).toBe(String(a._id));
        expect(b.nextRunAt?.getTime()).toBe(first.getTime());
        expect(b.repeatInterval).toBe('1 hour');
        expect((await repo.queryJobs({ name: 'purge' })).total).toBe(1);
      });

      it('finds the job of a unique key (insertOnly keeps it unchanged)', async () => {
        const a = await repo.saveJob(
          job({ data: { campaignId: 'c1', slot: 0 }, unique: { 'data.campaignId': 'c1', 'data.slot': 0 } }),
          undefined,
        );
        const b = await repo.saveJob(
          job({
            data: { campaignId: 'c1', slot: 0 },
            priority: 5,
            unique: { 'data.campaignId': 'c1', 'data.slot': 0 },
            uniqueOpts: { insertOnly: true },
          }),
          undefined,
        );
        const other = await repo.saveJob(
          job({ data: { campaignId: 'c1', slot: 1 }, unique: { 'data.campaignId': 'c1', 'data.slot': 1 } }),
          undefined,
        );
        expect(String(b._id)).toBe(String(a._id));
        expect(b.priority).toBe(0);
        expect(String(other._id)).not.toBe(String(a._id));
        expect((await repo.queryJobs({ name: 'send' })).total).toBe(2);
      });
    });

    describe('locking', () => {
      it('locks a job once: a second lock attempt gets nothing', async () => {
        const saved = await repo.saveJob(job(), undefined);
        const locked = await repo.lockJob(saved, { lastModifiedBy: 'a' });
        expect(locked?.lockedAt).toBeInstanceOf(Date);
        expect(await repo.lockJob(saved, { lastModifiedBy: 'b' })).toBeUndefined();
      });

      it('does not lock a job whose nextRunAt changed since it was read, nor a disabled one', async () => {
        const saved = await repo.saveJob(job(), undefined);
        expect(
          await repo.lockJob({ ...saved, nextRunAt: new Date(Date.now() + MINUTE) }, undefined),
        ).toBeUndefined();
        await repo.disableJobs({ id: String(saved._id) });
        expect(await repo.lockJob(saved, undefined)).toBeUndefined();
      });

      it('gives the next due job once, earliest nextRunAt first, then highest priority', async () => {
        const now = Date.now();
        await repo.saveJob(job({ data: { n: 'late' }, nextRunAt: new Date(now - 1_000) }), undefined);
        await repo.saveJob(
          job({ data: { n: 'low' }, nextRunAt: new Date(now - 5_000), priority: -10 }),
          undefined,
        );
        await repo.saveJob(
          job({ data: { n: 'high' }, nextRunAt: new Date(now - 5_000), priority: 10 }),
          undefined,
        );
        await repo.saveJob(job({ data: { n: 'future' }, nextRunAt: new Date(now + 10 * MINUTE) }), undefined);
        await repo.saveJob(job({ name: 'other', nextRunAt: new Date(now - 9_000) }), undefined);
        const scan = new Date(now + 1_000);
        const deadline = new Date(now - 10 * MINUTE);
        const order: unknown[] = [];
        for (;;) {
          const next = await repo.getNextJobToRun('send', scan, deadline, new Date(), undefined);
          if (!next) break;
          expect(next.lockedAt).toBeInstanceOf(Date);
          order.push((next.data as { n: string }).n);
        }
        expect(order).toEqual(['high', 'low', 'late']);
      });

      it('hands a job locked by a worker that died to another once the lock is older than its lifetime', async () => {
        const lifetime = 10 * MINUTE;
        await repo.saveJob(job({ nextRunAt: new Date(Date.now() - 1_000) }), undefined);
        const crashedAt = new Date(Date.now() - 5 * MINUTE);
        const first = await repo.getNextJobToRun(
          'send',
          new Date(),
          new Date(Date.now() - lifetime),
          crashedAt,
          undefined,
        );
        expect(first?.lockedAt?.getTime()).toBe(crashedAt.getTime());
        // Still within its lifetime: nobody else may take it.
        expect(
          await repo.getNextJobToRun(
            'send',
            new Date(),
            new Date(Date.now() - lifetime),
            new Date(),
            undefined,
          ),
        ).toBeUndefined();
        // Ten minutes later the lock is stale: another worker takes it over, with a fresh lock.
        const later = new Date(crashedAt.getTime() + lifetime + 1_000);
        const taken = await repo.getNextJobToRun(
          'send',
          later,
          new Date(later.getTime() - lifetime),
          later,
          undefined,
        );
        expect(String(taken?._id)).toBe(String(first?._id));
        expect(taken?.lockedAt?.getTime()).toBe(later.getTime());
      });

      it('takes over a stale lock even when the run had cleared nextRunAt (a one-time job mid-run)', async () => {
        const saved = await repo.saveJob(job({ nextRunAt: new Date(Date.now() - 1_000) }), undefined);
        const locked = await repo.getNextJobToRun(
          'send',
          new Date(),
          new Date(0),
          new Date(Date.now() - MINUTE),
          undefined,
        );
        await repo.saveJobState({ ...locked!, nextRunAt: null, lastRunAt: new Date() }, undefined);
        const taken = await repo.getNextJobToRun(
          'send',
          new Date(),
          new Date(Date.now() - 1_000),
          new Date(),
          undefined,
        );
        expect(String(taken?._id)).toBe(String(saved._id));
        expect(taken?.nextRunAt).toBeNull();
      });

      it('unlockJob leaves a running one-time job (nextRunAt null) locked; unlockJobs unlocks by id', async () => {
        const a = await repo.saveJob(job({ nextRunAt: new Date(Date.now() - 1_000) }), undefined);
        const locked = await repo.lockJob(a, undefined);
        await repo.saveJobState({ ...locked!, nextRunAt: null }, undefined);
        await repo.unlockJob({ ...locked!, nextRunAt: null });
        expect((await repo.getJobById(String(a._id)))?.lockedAt).toBeInstanceOf(Date);
        await repo.unlockJobs([String(a._id)]);
        expect((await repo.getJobById(String(a._id)))?.lockedAt).toBeUndefined();
      });

      it('saveJobState writes the run fields and fails once the job is gone', async () => {
        const saved = await repo.saveJob(job(), undefined);
        const locked = await repo.lockJob(saved, undefined);
        const finished = new Date();
        await repo.saveJobState(
          {
            ...locked!,
            lockedAt: undefined,
            lastFinishedAt: finished,
            lastRunAt: finished,
            nextRunAt: null,
            failCount: 0,
          },
          { lastModifiedBy: 'w' },
        );
        const read = await repo.getJobById(String(saved._id));
        expect(read?.lockedAt).toBeUndefined();
        expect(read?.lastFinishedAt?.getTime()).toBe(finished.getTime());
        expect(read?.nextRunAt).toBeNull();
        await repo.removeJobs({ id: String(saved._id) });
        await expect(repo.saveJobState(read!, undefined)).rejects.toThrow(/cannot be updated/);
      });
    });

    describe('disable, enable, remove', () => {
      it('never gives a disabled job to run until it is enabled again', async () => {
        await repo.saveJob(job({ nextRunAt: new Date(Date.now() - 1_000) }), undefined);
        expect(await repo.disableJobs({ name: 'send' })).toBe(1);
        const scan = () => repo.getNextJobToRun('send', new Date(), new Date(0), new Date(), undefined);
        expect(await scan()).toBeUndefined();
        expect((await repo.queryJobs({ state: 'paused' })).total).toBe(1);
        expect((await repo.queryJobs({ includeDisabled: false })).total).toBe(0);
        expect(await repo.enableJobs({ name: 'send' })).toBe(1);
        expect(await scan()).toBeDefined();
      });

      it('removes by id, name or data, and nothing without criteria', async () => {
        await repo.saveJob(job({ data: { campaignId: 'c1', slot: 0 } }), undefined);
        await repo.saveJob(job({ data: { campaignId: 'c1', slot: 1 } }), undefined);
        await repo.saveJob(job({ data: { campaignId: 'c2', slot: 0 } }), undefined);
        const keep = await repo.saveJob(job({ name: 'purge' }), undefined);
        expect(await repo.removeJobs({})).toBe(0);
        expect(await repo.removeJobs({ data: { campaignId: 'c1' } })).toBe(2);
        expect(await repo.removeJobs({ name: 'send' })).toBe(1);
        expect(await repo.getDistinctJobNames()).toEqual(['purge']);
        expect(await repo.removeJobs({ id: String(keep._id) })).toBe(1);
        expect(await repo.purgeAllJobs()).toBe(0);
      });

      it('counts due jobs and gives an overview per name', async () => {
        await repo.saveJob(job({ nextRunAt: new Date(Date.now() - 1_000) }), undefined);
        await repo.saveJob(job({ nextRunAt: new Date(Date.now() + MINUTE) }), undefined);
        expect(await repo.getQueueSize()).toBe(1);
        const [overview] = await repo.getJobsOverview();
        expect(overview).toMatchObject({ name: 'send', total: 2, queued: 1, scheduled: 1 });
      });
    });

    describe('a real Agenda on the backend', () => {
      it('runs a job saved for now once, at once, through the notification channel', async () => {
        const agenda = new Agenda({ backend: current!.backend, processEvery: 60_000 });
        const runs: unknown[] = [];
        agenda.define('greet', async (run) => {
          runs.push(run.attrs.data);
        });
        await agenda.start();
        try {
          await agenda.now('greet', { to: 'Ada' });
          await expect.poll(() => runs, { timeout: 5_000 }).toEqual([{ to: 'Ada' }]);
        } finally {
          await agenda.stop();
        }
        const { jobs } = await repo.queryJobs({ name: 'greet' });
        expect(jobs[0]?.state).toBe('completed');
      });

      it('re-runs a job whose worker died mid-run once its lock lifetime has passed', async () => {
        // What a killed process leaves: the job locked, its one-time nextRunAt already cleared.
        const saved = await repo.saveJob(
          job({ name: 'resume', nextRunAt: new Date(Date.now() - 2_000) }),
          undefined,
        );
        const locked = await repo.getNextJobToRun(
          'resume',
          new Date(),
          new Date(0),
          new Date(Date.now() - 1_500),
          undefined,
        );
        await repo.saveJobState({ ...locked!, nextRunAt: null, lastRunAt: new Date() }, undefined);
        const agenda = new Agenda({ backend: current!.backend, processEvery: 100 });
        let runs = 0;
        agenda.define(
          'resume',
          async () => {
            runs++;
          },
          { lockLifetime: 1_000 },
        );
        await agenda.start();
        try {
          await expect.poll(() => runs, { timeout: 5_000 }).toBe(1);
        } finally {
          await agenda.stop();
        }
        expect((await repo.getJobById(String(saved._id)))?.lastFinishedAt).toBeInstanceOf(Date);
      });
    });
  });
}
