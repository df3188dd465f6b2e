/**
 * Which Agenda backend runs the jobs: `@agendajs/mongo-backend` when MONGODB_URI is set (several
 * processes share the jobs and Agenda's locks spread them), otherwise our `JobRepository` on the
 * embedded store, with Agenda's in-memory notification channel so a job saved for now runs at once.
 */
import { type AgendaBackend, InMemoryNotificationChannel } from 'agenda';
import type { Store } from '../core/repositories.js';
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
  /** Set: Agenda keeps its jobs in this MongoDB (collection `agendaJobs`). */
  mongodbUri?: string;
}

/**
 * The MongoDB backend (and the MongoDB driver with it, about a megabyte of code) is loaded only when
 * MONGODB_URI is set: the embedded setup never parses or keeps it in memory.
 */
export async function createSchedulerBackend(options: BackendOptions): Promise<AgendaBackend> {
  if (options.mongodbUri) {
    const { MongoBackend } = await import('@agendajs/mongo-backend');
    return new MongoBackend({ address: options.mongodbUri, collection: 'agendaJobs' });
  }
  return new EmbeddedBackend(options.store);
}
