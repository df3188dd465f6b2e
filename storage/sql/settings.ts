import type { AssistantSettings } from '../../core/types.js';
import type { SettingsRepository } from '../types.js';
import type { SqlDialect } from './dialect.js';
import { NO_PARAMS, type SqlExecutor } from './executor.js';
import { perDialect, prepare } from './prepared-query.js';

const SETTINGS = { table: 'settings' };

const settingsQueries = perDialect((dialect: SqlDialect, _key: typeof SETTINGS) => ({
  getAssistant: prepare(dialect, (db) =>
    db.selectFrom('assistant_settings').select('data').where('id', '=', 1),
  ),
  // Upserts: the one row (id 1) and named values are replaced whole.
  putAssistant: prepare(dialect, (db, slot) =>
    db
      .insertInto('assistant_settings')
      .values({ id: 1, data: slot('data') })
      .onConflict((conflict) =>
        conflict.column('id').doUpdateSet((eb) => ({ data: eb.ref('excluded.data') })),
      ),
  ),
  getValue: prepare(dialect, (db, slot) =>
    db.selectFrom('settings_values').select('value').where('key', '=', slot('key')),
  ),
  setValue: prepare(dialect, (db, slot) =>
    db
      .insertInto('settings_values')
      .values({ key: slot('key'), value: slot('value') })
      .onConflict((conflict) =>
        conflict.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })),
      ),
  ),
  deleteValue: prepare(dialect, (db, slot) =>
    db.deleteFrom('settings_values').where('key', '=', slot('key')),
  ),
}));

/** Assistant settings are one JSON row (id 1), always read and written whole; values are key -> text. */
export class SqlSettingsRepository implements SettingsRepository {
  readonly #q;

  constructor(private readonly db: SqlExecutor) {
    this.#q = settingsQueries(db.dialect, SETTINGS);
  }

  async getAssistant(): Promise<AssistantSettings | null> {
    const [row] = await this.db.rows(this.#q.getAssistant, NO_PARAMS);
    return row ? (this.db.dialect.decodeJson(row[0]) as AssistantSettings) : null;
  }

  async putAssistant(settings: AssistantSettings): Promise<AssistantSettings> {
    await this.db.run(this.#q.putAssistant, { data: this.db.dialect.encodeJson(settings) });
    return settings;
  }

  async getValue(key: string): Promise<string | null> {
    const [row] = await this.db.rows(this.#q.getValue, { key });
    return row ? (row[0] as string) : null;
  }

  async setValue(key: string, value: string | null): Promise<void> {
    if (value === null) await this.db.run(this.#q.deleteValue, { key });
    else await this.db.run(this.#q.setValue, { key, value });
  }
}
