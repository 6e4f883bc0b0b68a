import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { MessageSearchHit } from '../../../shared/history.js';
import { type RowOf, rowFields } from '../../db/rows.js';
import { pluckedStatement, statement } from '../../db/statements.js';

/** The optional filters, in the order their SQL is appended. */
const filters = {
  since: 'm.created_at >= @since',
  until: 'm.created_at < @until',
  modelName: '(m.model_name = @modelName COLLATE NOCASE OR m.model_id = @modelName)',
  collectionId: 'EXISTS (SELECT 1 FROM chat_collections cc WHERE cc.chat_id = m.chat_id AND cc.collection_id = @collectionId)',
} as const;
export type SearchFilter = keyof typeof filters;
export const searchFilters = Object.keys(filters) as SearchFilter[];

export type SearchStep = 'floor' | 'rank' | 'details';

/** The FTS5 query and the values of the active filters, by their SQL parameter names. */
export type SearchParameters = { match: string } & Partial<Record<SearchFilter, unknown>>;

/**
 * The rowid below which the newest `skip + 1` matches start (FTS5 walks its index newest first and
 * stops there); undefined when there are fewer matches.
 */
export function rankFloor(db: Database, active: readonly SearchFilter[], parameters: SearchParameters, skip: number): number | undefined {
  return pluckedStatement(db, searchSql('floor', active)).get({ ...parameters, skip }) as number | undefined;
}

/** The rowids of the matches at or above `floor`, best first by BM25 (the newest first among equals). */
export function rankedMatches(
  db: Database,
  active: readonly SearchFilter[],
  parameters: SearchParameters,
  page: { floor: number; limit: number; offset: number },
): number[] {
  return pluckedStatement(db, searchSql('rank', active)).all({ ...parameters, ...page }) as number[];
}

/** A hit's message and chat, with the text its snippet is built from. */
export type SearchMatch = Omit<MessageSearchHit, 'snippet'> & { rowid: number; content: string };

/** The messages `rowids`, with their chats (in no particular order). */
export function searchMatches(db: Database, rowids: readonly number[]): SearchMatch[] {
  const rows = statement(db, searchSql('details', [])).all({ rowids: JSON.stringify(rowids) }) as RowOf<SearchMatch>[];
  return rows.map(rowFields);
}

/** The SQL of each step with these filters; exported so a test can check every plan. */
export function searchSql(step: SearchStep, active: readonly SearchFilter[]): string {
  const matching = ['messages_fts MATCH @match', ...active.map((name) => filters[name])].join(' AND ');
  // The join to messages only when a filter needs it: the ranking step reads the whole window.
  const from = active.length > 0 ? 'messages_fts JOIN messages m ON m.rowid = messages_fts.rowid' : 'messages_fts';
  switch (step) {
    case 'floor':
      return `SELECT messages_fts.rowid FROM ${from} WHERE ${matching}
              ORDER BY messages_fts.rowid DESC LIMIT 1 OFFSET @skip`;
    case 'rank':
      return `SELECT messages_fts.rowid FROM ${from} WHERE ${matching} AND messages_fts.rowid >= @floor
              ORDER BY bm25(messages_fts), messages_fts.rowid DESC LIMIT @limit OFFSET @offset`;
    case 'details':
      return `SELECT m.rowid AS rowid, m.chat_id, c.title AS chat_title, m.id AS message_id, m.role, m.created_at,
                     m.model_name, m.content
              FROM messages m JOIN chats c ON c.id = m.chat_id
              WHERE m.rowid IN (SELECT value FROM json_each(@rowids))`;
  }
}
