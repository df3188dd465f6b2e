/**
 * Which Agenda backend runs the jobs: `@agendajs/postgres-backend` when Kora runs on PostgreSQL
 * (several processes share the jobs and Agenda's locks spread them), otherwise our `JobRepository` on
 * the embedded store, with Agenda's in-memory notification channel so a job saved for now runs at once.
 */
import { type AgendaBackend, InMemoryNotificationChannel } from 'agenda';
import type { Store } from '../core/repositories.js';
import type { PostgresSchedulerOptions } from './postgres-backend.js';
import { StoreJobRepository } from './store-job-repository.js';

export class EmbeddedBackend implements AgendaBackend {
  readonly name: string;
  readonly repository: StoreJobRepository;
  readonly notificationChannel = new InMemoryNotificationChannel();
  /** The store belongs to the app: stopping Agenda never closes it. */
  readonly ownsConnection = false;

  constructor(store: Store) {
    this.name = store.kind === 'embedded' ? 'Kora embedded (SQLite)' : `Kora ${store.kind}`;
    this.repository = new StoreJobRepository(store.jobs);
  }

  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}
}

export interface BackendOptions {
  store: Store;
  /** Set: Agenda keeps its jobs in PostgreSQL (table `agenda_jobs`) on this pool. */
  postgres?: PostgresSchedulerOptions;
}

/** The PostgreSQL backend (and its driver code) is loaded only when it is used. */
export async function createSchedulerBackend(options: BackendOptions): Promise<AgendaBackend> {
  if (options.postgres) {
    const { createPostgresSchedulerBackend } = await import('./postgres-backend.js');
    return createPostgresSchedulerBackend(options.postgres);
  }
  return new EmbeddedBackend(options.store);
}
