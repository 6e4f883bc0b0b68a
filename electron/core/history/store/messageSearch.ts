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

/**
 * Which indexes a query reads, and how many characters it looks for by reading the text. The first
 * index present drives the query (its BM25 ranks); the other only narrows it.
 */
export interface SearchSources {
  /** The `unicode61` index, for words of spaced scripts (`@match`). */
  words: boolean;
  /** The trigram index, for Chinese, Japanese, Thai ... (`@trigramMatch`). */
  trigram: boolean;
  /**
   * Single characters too common to look up through their trigrams, found in the text (`@scan0`,
   * `@scan1` ...). With no index to drive, the newest messages from `@scanFloor` are read.
   */
  scans: number;
}

/** A query of spaced-script words only: the `unicode61` index alone. */
export const wordSources: SearchSources = { words: true, trigram: false, scans: 0 };

/** The FTS5 queries, the characters scanned for, and the values of the active filters, by their SQL parameter names. */
export type SearchParameters = {
  match?: string;
  trigramMatch?: string;
  scanFloor?: number;
  [scan: `scan${number}`]: string;
} & Partial<Record<SearchFilter, unknown>>;

/**
 * The rowid below which the newest `skip + 1` matches start (FTS5 walks its index newest first and
 * stops there); undefined when there are fewer matches.
 */
export function rankFloor(
  db: Database,
  active: readonly SearchFilter[],
  parameters: SearchParameters,
  skip: number,
  sources: SearchSources = wordSources,
): number | undefined {
  return pluckedStatement(db, searchSql('floor', active, sources)).get({ ...parameters, skip }) as number | undefined;
}

/** The rowids of the matches at or above `floor`, best first by BM25 (the newest first among equals). */
export function rankedMatches(
  db: Database,
  active: readonly SearchFilter[],
  parameters: SearchParameters,
  page: { floor: number; limit: number; offset: number },
  sources: SearchSources = wordSources,
): number[] {
  return pluckedStatement(db, searchSql('rank', active, sources)).all({ ...parameters, ...page }) as number[];
}

/** The rowid from which the newest `count` messages start; 0 when there are fewer (all of them are read). */
export function newestMessagesFloor(db: Database, count: number): number {
  return (pluckedStatement(db, 'SELECT rowid FROM messages ORDER BY rowid DESC LIMIT 1 OFFSET ?').get(count - 1) as number | undefined) ?? 0;
}

/**
 * The distinct trigrams of the message trigram index that begin with `term`, at most `max`: every
 * place a one- or two-character term occurs begins one (migration 18 appends two line feeds to each text).
 */
export function messageTrigramsBeginning(db: Database, term: string, max: number): string[] {
  return pluckedStatement(db, 'SELECT term FROM messages_trigram_terms WHERE term >= ? AND term < ? LIMIT ?').all(term, `${term}\u{10FFFF}`, max) as string[];
}

/** A hit's message and chat, with the text its snippet is built from. */
export type SearchMatch = Omit<MessageSearchHit, 'snippet'> & { rowid: number; content: string };

/** The messages `rowids`, with their chats (in no particular order). */
export function searchMatches(db: Database, rowids: readonly number[]): SearchMatch[] {
  const rows = statement(db, searchSql('details', [])).all({ rowids: JSON.stringify(rowids) }) as RowOf<SearchMatch>[];
  return rows.map(rowFields);
}

/** The SQL of each step with these filters and sources; exported so a test can check every plan. */
export function searchSql(step: SearchStep, active: readonly SearchFilter[], sources: SearchSources = wordSources): string {
  if (step === 'details') {
    return `SELECT m.rowid AS rowid, m.chat_id, c.title AS chat_title, m.id AS message_id, m.role, m.created_at,
                   m.model_name, m.content
            FROM messages m JOIN chats c ON c.id = m.chat_id
            WHERE m.rowid IN (SELECT value FROM json_each(@rowids))`;
  }
  const index = sources.words ? 'messages_fts' : sources.trigram ? 'messages_trigram' : null;
  const rowid = index === null ? 'm.rowid' : `${index}.rowid`;
  const conditions = [
    ...(sources.words ? ['messages_fts MATCH @match'] : []),
    ...(sources.trigram && index === 'messages_trigram' ? ['messages_trigram MATCH @trigramMatch'] : []),
    // Words and characters both typed: the trigram index narrows the words' matches. The unary plus
    // keeps the list off the words index's own plan, which must walk its rowids newest first.
    ...(sources.trigram && index === 'messages_fts'
      ? ['+messages_fts.rowid IN (SELECT rowid FROM messages_trigram WHERE messages_trigram MATCH @trigramMatch)']
      : []),
    // Without an index, only finished messages, as the indexes hold them, and only the newest.
    ...(index === null ? ["m.status <> 'streaming'", 'm.rowid >= @scanFloor'] : []),
    ...Array.from({ length: sources.scans }, (_, position) => `instr(lower(m.content), @scan${position}) > 0`),
    ...active.map((name) => filters[name]),
  ].join(' AND ');
  // The join to messages only when a filter or a scan needs it: the ranking step reads the whole window.
  const joined = active.length > 0 || sources.scans > 0;
  const from = index === null ? 'messages m' : joined ? `${index} JOIN messages m ON m.rowid = ${index}.rowid` : index;
  const ranking = index === null ? '' : `bm25(${index}), `;
  switch (step) {
    case 'floor':
      return `SELECT ${rowid} FROM ${from} WHERE ${conditions}
              ORDER BY ${rowid} DESC LIMIT 1 OFFSET @skip`;
    case 'rank':
      return `SELECT ${rowid} FROM ${from} WHERE ${conditions} AND ${rowid} >= @floor
              ORDER BY ${ranking}${rowid} DESC LIMIT @limit OFFSET @offset`;
  }
}
