import type { PostgresMigration } from './migration.js';

/**
 * Accent- and case-insensitive search, the same fold as the application's `foldForSearch` (NFD,
 * combining marks removed, lowercased) as an immutable SQL function, so it can be indexed: message
 * words through a GIN index on their tsvector, titles folded on the fly like SQLite's kora_fold.
 */
export const search: PostgresMigration = {
  version: 2,
  name: 'search',
  up: `
CREATE FUNCTION kora_fold(value text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN lower(regexp_replace(normalize(value, NFD), '[\\u0300-\\u036f\\u1ab0-\\u1aff\\u1dc0-\\u1dff\\u20d0-\\u20ff\\ufe20-\\ufe2f]', '', 'g'));
CREATE INDEX messages_words ON messages USING gin (to_tsvector('simple', kora_fold(text)));
`,
};
