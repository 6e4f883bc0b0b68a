import type { Database, Statement } from 'better-sqlite3';
import type { MessageRole } from '../../shared/domain.js';
import type { MessageSearchHit, MessageSearchResult } from '../../shared/history.js';
import { type MessageSearchQuery, parseMessageSearch } from './searchQuery.js';
import { buildSnippet } from './snippet.js';

export interface MessageSearchOptions {
  /** What the user typed; plain text, never FTS syntax. */
  query: string;
  /** Hits per page (default 20). */
  limit?: number;
  /** Hits to skip, for the next page. */
  offset?: number;
  /** Only messages written at or after this time (ms since the epoch). */
  since?: number | null;
  /** Only messages written before this time. */
  until?: number | null;
  /** Only replies by this model: its display name or catalog id, any case. */
  modelName?: string | null;
  /** Only chats with this collection attached. */
  collectionId?: string | null;
}

interface DetailRow {
  rowid: number;
  message_id: string;
  chat_id: string;
  chat_title: string;
  role: MessageRole;
  created_at: number;
  model_name: string | null;
  content: string;
}

/**
 * How many of the newest matches are ranked. BM25 costs the same for every matching row, and a
 * common word matches hundreds of thousands of messages in a long history: ranking them all takes
 * seconds (bench:history). So a query is ranked among its newest `rankWindow` matches (after the
 * filters); one with fewer matches (a distinctive word, or a few words together) is ranked whole.
 * On a million messages, 2,000 kept the p95 under 50 ms on a busy 2-core machine; 5,000 did not always.
 */
export const rankWindow = 2000;

/** The optional filters, in the order their SQL is appended. */
const filters = {
  since: 'm.created_at >= @since',
  until: 'm.created_at < @until',
  modelName: '(m.model_name = @modelName COLLATE NOCASE OR m.model_id = @modelName)',
  collectionId: 'EXISTS (SELECT 1 FROM chat_collections cc WHERE cc.chat_id = m.chat_id AND cc.collection_id = @collectionId)',
} as const;
export type SearchFilter = keyof typeof filters;
export const searchFilters = Object.keys(filters) as SearchFilter[];

/**
 * Full-text search over every chat, best match first (BM25; the newest first among equals), with a
 * highlighted snippet per hit. In three steps, each cheap on a history of a million messages: the
 * rowid below which the newest `rankWindow` matches start (FTS5 walks its index newest first and
 * stops there), the ranking of the matches above it, then the details of only the hits returned,
 * their snippets built from their text (see snippet.ts). A query with nothing searchable in it has
 * no hits, never a syntax error.
 */
export function searchMessages(db: Database, options: MessageSearchOptions): MessageSearchResult {
  const query = parseMessageSearch(options.query);
  if (query === null) return { hits: [], hasMore: false };
  const limit = options.limit ?? 20;
  const offset = options.offset ?? 0;
  const active = searchFilters.filter((name) => options[name] !== undefined && options[name] !== null);
  const parameters = { match: query.match, ...Object.fromEntries(active.map((name) => [name, options[name]])) };
  const window = Math.max(rankWindow, offset + limit + 1);
  const floor = (statement(db, 'floor', active).pluck().get({ ...parameters, skip: window - 1 }) as number | undefined) ?? 0;
  // One more than asked: whether it comes back says if there is a next page.
  const ranked = statement(db, 'rank', active).pluck().all({ ...parameters, floor, limit: limit + 1, offset }) as number[];
  const shown = ranked.slice(0, limit);
  const details = statement(db, 'details', []).all({ rowids: JSON.stringify(shown) }) as DetailRow[];
  const byRowid = new Map(details.map((row) => [row.rowid, row]));
  const hits = shown.flatMap((rowid) => {
    const row = byRowid.get(rowid);
    return row ? [toHit(row, query)] : [];
  });
  return { hits, hasMore: ranked.length > limit };
}

function toHit(row: DetailRow, query: MessageSearchQuery): MessageSearchHit {
  return {
    chatId: row.chat_id,
    chatTitle: row.chat_title,
    messageId: row.message_id,
    role: row.role,
    createdAt: row.created_at,
    modelName: row.model_name,
    snippet: buildSnippet(row.content, query.terms, query.prefixLast),
  };
}

export type SearchStep = 'floor' | 'rank' | 'details';

/** Prepared statements per database, step and combination of filters. */
const statements = new WeakMap<Database, Map<string, Statement>>();

function statement(db: Database, step: SearchStep, active: readonly SearchFilter[]): Statement {
  const key = `${step}:${active.join(',')}`;
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let prepared = cache.get(key);
  if (!prepared) {
    prepared = db.prepare(searchSql(step, active));
    cache.set(key, prepared);
  }
  return prepared;
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
      return `SELECT m.rowid AS rowid, m.id AS message_id, m.chat_id, c.title AS chat_title, m.role, m.created_at,
                     m.model_name, m.content
              FROM messages m JOIN chats c ON c.id = m.chat_id
              WHERE m.rowid IN (SELECT value FROM json_each(@rowids))`;
  }
}
