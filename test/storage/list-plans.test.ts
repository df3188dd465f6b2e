/**
 * The admin lists' totals on a large embedded store: with the statistics SQLite keeps of a store of
 * 1,000,000 messages (100,000 conversations, nearly all waiting for the coach, as bench/growth builds
 * it), the planner counted the whole table (24 ms) rather than the partial indexes that hold what a
 * total reads (2.4 ms). The statements name their index (`indexedBy`); this pins the plans.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqliteDialect } from '../../storage/embedded/sql-executor.js';
import { createEmbeddedStore } from '../../storage/index.js';
import { type ListShape, listQueries } from '../../storage/sql/conversation-list.js';
import { CONVERSATIONS, conversationQueries } from '../../storage/sql/conversation-queries.js';

/** sqlite_stat1 of the conversations of a 1,000,000-message store built by bench/growth. */
const STATS: [string | null, string][] = [
  [null, '100050'],
  ['conversations_attention', '97365 15 1 1 1 1'],
  ['conversations_title_search', '100050 1 1'],
  ['conversations_of_kind', '100050 225'],
  ['conversations_recent', '100050 17 1 1 1 1'],
  ['conversations_assignee', '100050 401'],
  ['conversations_coach_needed', '97365 9'],
  ['conversations_handoff_at', '2500 1'],
  ['conversations_contact', '100050 2'],
  ['conversations_external_chat', '100050 401 401 2'],
  ['sqlite_autoindex_conversations_1', '100050 1'],
];

const SHAPE: ListShape = {
  kind: false,
  kinds: true,
  handoff: undefined,
  waiting: undefined,
  words: false,
  query: false,
  assignee: false,
  unassigned: false,
  status: false,
};

describe('admin list totals on a large embedded store', () => {
  let dir: string;
  let db: Database.Database;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kora-plans-'));
    await (await createEmbeddedStore({ dataDir: dir })).close();
    const setup = new Database(path.join(dir, 'kora.db'));
    setup.exec('ANALYZE');
    setup.prepare("DELETE FROM sqlite_stat1 WHERE tbl = 'conversations'").run();
    const insert = setup.prepare("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('conversations', ?, ?)");
    for (const [index, stat] of STATS) insert.run(index, stat);
    setup.close();
    // A new connection reads the statistics.
    db = new Database(path.join(dir, 'kora.db'), { readonly: true });
  });

  afterAll(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const plan = (statement: { sql: string; slots: readonly unknown[] }) =>
    (
      db.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...statement.slots.map(() => null)) as {
        detail: string;
      }[]
    )
      .map((row) => row.detail)
      .join('\n');

  it('counts the inbox lists off the recency index, nobody’s and open ones too', () => {
    for (const shape of [
      SHAPE,
      { ...SHAPE, unassigned: true },
      { ...SHAPE, status: true },
      { ...SHAPE, unassigned: true, status: true, waiting: false },
    ]) {
      const count = plan(listQueries(sqliteDialect, CONVERSATIONS, shape).count);
      expect(count).toMatch(/SCAN conversations USING (COVERING )?INDEX conversations_recent/);
    }
  });

  it('counts the waiting list and the dashboard’s handoffs off the attention index', () => {
    const waiting = plan(listQueries(sqliteDialect, CONVERSATIONS, { ...SHAPE, waiting: true }).count);
    expect(waiting).toMatch(/SCAN conversations USING (COVERING )?INDEX conversations_attention/);
    const handoffs = plan(conversationQueries(sqliteDialect, CONVERSATIONS).countHandoffs);
    expect(handoffs).toMatch(/SCAN conversations USING (COVERING )?INDEX conversations_attention/);
  });

  it('finds the conversations awaiting an answer (read at every start) in the recency index, not by a scan', () => {
    const awaiting = plan(conversationQueries(sqliteDialect, CONVERSATIONS).awaitingAnswer);
    expect(awaiting).toMatch(/SEARCH conversations USING INDEX conversations_recent/);
    expect(awaiting).not.toMatch(/SCAN conversations|TEMP B-TREE/);
  });
});
