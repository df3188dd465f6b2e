import { sql } from 'kysely';
import { mergeContactData } from '../../core/contact-data.js';
import { retitled } from '../../core/conversations.js';
import { foldForSearch } from './search-text.js';
import type { Contact } from '../../core/types.js';
import { patchEntity, queriesOf } from './crud.js';
import type { SqlDialect } from './dialect.js';
import type { EntitySpec } from './entity-map.js';
import type { SqlExecutor } from './executor.js';
import { perDialect, prepareRaw } from './prepared-query.js';

/**
 * The statements folding the source contacts into the target. Every table that names a contact is
 * rewritten; a membership both had keeps the furthest read marker; a consent both had keeps the
 * opt-out (never message someone who said STOP on one of their duplicates).
 */
const mergeSteps = perDialect((dialect: SqlDialect, _spec: EntitySpec<Contact>) => {
  const write = (build: Parameters<typeof prepareRaw>[1]) =>
    prepareRaw(dialect, build, { returnsRows: false });
  return [
    write(
      (slot, f) =>
        sql`UPDATE channel_identities SET contact_id = ${slot('target')} WHERE contact_id IN ${f.jsonList(slot('sources'))}`,
    ),
    write(
      (slot, f) =>
        sql`UPDATE conversations SET contact_id = ${slot('target')} WHERE contact_id IN ${f.jsonList(slot('sources'))}`,
    ),
    write(
      (
        slot,
        f,
      ) => sql`INSERT INTO conversation_members (conversation_id, contact_id, last_read_message_id, joined_at)
        SELECT conversation_id, ${f.text(slot('target'))}, max(last_read_message_id), min(joined_at)
        FROM conversation_members WHERE contact_id IN ${f.jsonList(slot('sources'))} GROUP BY conversation_id
        ON CONFLICT (conversation_id, contact_id) DO UPDATE SET
          last_read_message_id = ${f.greatest(
            sql`coalesce(conversation_members.last_read_message_id, '')`,
            sql`coalesce(excluded.last_read_message_id, '')`,
          )},
          joined_at = ${f.least(sql`conversation_members.joined_at`, sql`excluded.joined_at`)}`,
    ),
    write(
      (slot) => sql`UPDATE conversation_members SET last_read_message_id = NULL
        WHERE contact_id = ${slot('target')} AND last_read_message_id = ''`,
    ),
    write(
      (slot, f) => sql`DELETE FROM conversation_members WHERE contact_id IN ${f.jsonList(slot('sources'))}`,
    ),
    write(
      (slot, f) => sql`UPDATE messages SET sender_id = ${slot('target')}
        WHERE sender_type = 'contact' AND sender_id IN ${f.jsonList(slot('sources'))}`,
    ),
    write(
      (slot, f) => sql`INSERT INTO consents (contact_id, channel, opted_out, updated_at)
        SELECT ${f.text(slot('target'))}, channel, ${f.anyTrue(sql`opted_out`)}, max(updated_at) FROM consents
        WHERE contact_id IN ${f.jsonList(slot('sources'))} GROUP BY channel
        ON CONFLICT (contact_id, channel) DO UPDATE SET
          opted_out = (consents.opted_out OR excluded.opted_out),
          updated_at = ${f.greatest(sql`consents.updated_at`, sql`excluded.updated_at`)}`,
    ),
    write((slot, f) => sql`DELETE FROM consents WHERE contact_id IN ${f.jsonList(slot('sources'))}`),
    write(
      (slot, f) =>
        sql`UPDATE pack_credits SET contact_id = ${slot('target')} WHERE contact_id IN ${f.jsonList(slot('sources'))}`,
    ),
    write((slot, f) => sql`DELETE FROM contacts WHERE id IN ${f.jsonList(slot('sources'))}`),
  ];
});

/** A source's assistant conversations, and their new title (`retitled`: the kept contact's name). */
const retitleQueries = perDialect((dialect: SqlDialect, _spec: EntitySpec<Contact>) => ({
  titled: prepareRaw(
    dialect,
    (slot) =>
      sql`SELECT id, title FROM conversations WHERE contact_id = ${slot('source')} AND kind = 'assistant'`,
    { returnsRows: true },
  ),
  retitle: prepareRaw(
    dialect,
    (slot) =>
      sql`UPDATE conversations SET title = ${slot('title')}, title_search = ${slot('titleSearch')}
        WHERE id = ${slot('id')}`,
    {
      returnsRows: false,
    },
  ),
}));

/** Folds `sourceIds` into `targetId` in one atomic unit: see ContactRepository.merge. */
export function mergeContacts(
  db: SqlExecutor,
  spec: EntitySpec<Contact>,
  targetId: string,
  sourceIds: string[],
  now: string,
): Promise<Contact | null> {
  const table = queriesOf(db.dialect, spec);
  return db.atomic(async (unit) => {
    const find = async (id: string) => table.decoder.first(await unit.rows(table.byId, { id }));
    const target = await find(targetId);
    const sources: (Contact | null)[] = [];
    for (const id of sourceIds) if (id !== targetId) sources.push(await find(id));
    if (!target || sources.some((source) => source === null)) return null;
    const merged = sources as Contact[];
    const params = { target: targetId, sources: JSON.stringify(merged.map((source) => source.id)) };
    // Their conversations become the kept contact's: their titles say so (read before they move).
    const { titled, retitle } = retitleQueries(unit.dialect, spec);
    for (const source of merged) {
      for (const [id, title] of (await unit.rows(titled, { source: source.id })) as [string, string][]) {
        const renamed = retitled(title, source.name, target.name);
        if (renamed !== title)
          await unit.run(retitle, { id, title: renamed, titleSearch: foldForSearch(renamed) });
      }
    }
    for (const step of mergeSteps(unit.dialect, spec)) await unit.run(step, params);
    const patch = {
      tags: [...new Set([target, ...merged].flatMap((contact) => contact.tags))],
      ...mergeContactData([target, ...merged]),
      updatedAt: now,
    };
    return patchEntity(unit, table, targetId, patch, () => new Date(now));
  });
}
