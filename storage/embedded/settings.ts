import type { Statement } from 'better-sqlite3';
import type { AssistantSettings } from '../../core/types.js';
import type { SettingsRepository } from '../types.js';
import type { SqliteDatabase } from './database.js';

/** Assistant settings are one JSON row (id 1): always read and written whole. */
export class SqliteSettingsRepository implements SettingsRepository {
  readonly #getAssistant: Statement<[]>;
  readonly #putAssistant: Statement<[string]>;
  readonly #getValue: Statement<[string]>;
  readonly #setValue: Statement<[string, string]>;
  readonly #deleteValue: Statement<[string]>;

  constructor(db: SqliteDatabase) {
    this.#getAssistant = db.prepare('SELECT data FROM assistant_settings WHERE id = 1');
    this.#putAssistant = db.prepare(
      'INSERT INTO assistant_settings (id, data) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data',
    );
    this.#getValue = db.prepare('SELECT value FROM settings_values WHERE key = ?');
    this.#setValue = db.prepare(
      'INSERT INTO settings_values (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.#deleteValue = db.prepare('DELETE FROM settings_values WHERE key = ?');
  }

  async getAssistant(): Promise<AssistantSettings | null> {
    const row = this.#getAssistant.get() as { data: string } | undefined;
    return row ? (JSON.parse(row.data) as AssistantSettings) : null;
  }

  async putAssistant(settings: AssistantSettings): Promise<AssistantSettings> {
    this.#putAssistant.run(JSON.stringify(settings));
    return settings;
  }

  async getValue(key: string): Promise<string | null> {
    const row = this.#getValue.get(key) as { value: string } | undefined;
    return row ? row.value : null;
  }

  async setValue(key: string, value: string | null): Promise<void> {
    if (value === null) this.#deleteValue.run(key);
    else this.#setValue.run(key, value);
  }
}
