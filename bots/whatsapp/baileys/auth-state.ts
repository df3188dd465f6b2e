/**
 * Baileys' auth state (creds and signal keys) in Kora's database instead of files: the shape of
 * Baileys' `useMultiFileAuthState`, each value serialized as Baileys' BufferJSON does, sealed with
 * AES-256-GCM under a key derived from SECRET_KEY, and stored under an opaque name in `channel_state`.
 */
import type { ChannelStateRepository } from '../../../core/repositories.js';
import { parseState, stringifyState } from './buffer-json.js';
import type { SealedBox } from '../../../core/sealed-box.js';
import type { BaileysAuthState } from './socket.js';

/** What only the SDK can make: fresh credentials, and app-state keys revived as protobuf objects. */
export interface BaileysAuthSdk {
  initAuthCreds(): Record<string, unknown>;
  reviveAppStateSyncKey(value: unknown): unknown;
}

export interface DbAuthStateOptions {
  repository: ChannelStateRepository;
  namespace: string;
  box: SealedBox;
  sdk: BaileysAuthSdk;
  now: () => Date;
}

export interface DbAuthState {
  state: BaileysAuthState;
  /** Writes the creds (call on every `creds.update`). */
  saveCreds(): Promise<void>;
}

const CREDS = 'creds';

export class DbAuthStore {
  readonly #options: DbAuthStateOptions;

  constructor(options: DbAuthStateOptions) {
    this.#options = options;
  }

  async #read(names: string[]): Promise<Record<string, unknown>> {
    const { repository, namespace, box } = this.#options;
    const hidden = names.map((name) => box.hideName(name));
    const rows = await repository.get(namespace, hidden);
    const out: Record<string, unknown> = {};
    names.forEach((name, i) => {
      const sealed = rows[hidden[i]!];
      if (sealed !== undefined) out[name] = parseState(box.open(name, sealed));
    });
    return out;
  }

  async #write(entries: Record<string, unknown | null>): Promise<void> {
    const { repository, namespace, box, now } = this.#options;
    const rows: Record<string, string | null> = {};
    for (const [name, value] of Object.entries(entries)) {
      rows[box.hideName(name)] =
        value === null || value === undefined ? null : box.seal(name, stringifyState(value));
    }
    await repository.set(namespace, rows, now().toISOString());
  }

  /** The stored state, or fresh credentials when nothing is stored (a QR code will link them). */
  async load(): Promise<DbAuthState> {
    const { sdk } = this.#options;
    const stored = (await this.#read([CREDS]))[CREDS] as BaileysAuthState['creds'] | undefined;
    const creds = stored ?? (sdk.initAuthCreds() as BaileysAuthState['creds']);
    const state: BaileysAuthState = {
      creds,
      keys: {
        get: async (type, ids) => {
          const found = await this.#read(ids.map((id) => `${type}-${id}`));
          const out: Record<string, unknown> = {};
          for (const id of ids) {
            let value = found[`${type}-${id}`];
            if (value !== undefined && type === 'app-state-sync-key')
              value = sdk.reviveAppStateSyncKey(value);
            if (value !== undefined) out[id] = value;
          }
          return out;
        },
        set: async (data) => {
          const entries: Record<string, unknown | null> = {};
          for (const [type, values] of Object.entries(data)) {
            for (const [id, value] of Object.entries(values ?? {})) entries[`${type}-${id}`] = value ?? null;
          }
          await this.#write(entries);
        },
      },
    };
    return { state, saveCreds: () => this.#write({ [CREDS]: state.creds }) };
  }

  /** Forgets the link (logged out from the phone): the next start shows a new QR code. */
  async clear(): Promise<void> {
    await this.#options.repository.clear(this.#options.namespace);
  }

  /** The linked number's JID from stored creds, without connecting; null when not linked. */
  async linkedJid(): Promise<string | null> {
    const creds = (await this.#read([CREDS]))[CREDS] as BaileysAuthState['creds'] | undefined;
    return creds?.me?.id ?? null;
  }
}
