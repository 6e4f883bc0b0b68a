import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { MessageSearchHit, MessageSearchResult } from '../../shared/history.js';
import { type MessageSearchQuery, parseMessageSearch } from './searchQuery.js';
import { buildSnippet } from './snippet.js';
import { shortTermScanBudget } from '../text/unspacedScripts.js';
import {
  newestMessagesFloor,
  rankedMatches,
  rankFloor,
  searchFilters,
  type SearchMatch,
  searchMatches,
  type SearchParameters,
  type SearchSources,
} from './store/messageSearch.js';
import { unspacedMatch } from './unspacedQuery.js';

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

/**
 * How many of the newest matches are ranked. BM25 costs the same for every matching row, and a
 * common word matches hundreds of thousands of messages in a long history: ranking them all takes
 * seconds (bench:history). So a query is ranked among its newest `rankWindow` matches (after the
 * filters); one with fewer matches (a distinctive word, or a few words together) is ranked whole.
 * On a million messages, 2,000 kept the p95 under 50 ms on a busy 2-core machine; 5,000 did not always.
 */
export const rankWindow = 2000;

/**
 * Full-text search over every chat, best match first (BM25; the newest first among equals), with a
 * highlighted snippet per hit. In three steps, each cheap on a history of a million messages: the
 * rowid below which the newest `rankWindow` matches start (FTS5 walks its index newest first and
 * stops there), the ranking of the matches above it, then the details of only the hits returned,
 * their snippets built from their text (see snippet.ts). Terms of Chinese, Japanese or Thai are
 * looked up in the trigram index (unspacedQuery.ts), which drives the query when nothing else was
 * typed. A query with nothing searchable in it has no hits, never a syntax error.
 */
export function searchMessages(db: Database, options: MessageSearchOptions): MessageSearchResult {
  const query = parseMessageSearch(options.query);
  if (query === null) return { hits: [], hasMore: false };
  const unspaced = unspacedMatch(db, query.unspaced);
  if (unspaced === null) return { hits: [], hasMore: false };
  const limit = options.limit ?? 20;
  const offset = options.offset ?? 0;
  const active = searchFilters.filter((name) => options[name] !== undefined && options[name] !== null);
  const sources: SearchSources = { words: query.match !== null, trigram: unspaced.trigramMatch !== null, scans: unspaced.scans.length };
  const parameters: SearchParameters = {
    ...(query.match === null ? {} : { match: query.match }),
    ...(unspaced.trigramMatch === null ? {} : { trigramMatch: unspaced.trigramMatch }),
    ...Object.fromEntries(unspaced.scans.map((term, position) => [`scan${position}`, term])),
    // Only characters to scan for, no index to drive: the newest messages are read, as many as documents read chunks.
    ...(!sources.words && !sources.trigram ? { scanFloor: newestMessagesFloor(db, shortTermScanBudget) } : {}),
    ...Object.fromEntries(active.map((name) => [name, options[name]])),
  };
  const window = Math.max(rankWindow, offset + limit + 1);
  const floor = rankFloor(db, active, parameters, window - 1, sources) ?? 0;
  // One more than asked: whether it comes back says if there is a next page.
  const ranked = rankedMatches(db, active, parameters, { floor, limit: limit + 1, offset }, sources);
  const shown = ranked.slice(0, limit);
  const byRowid = new Map(searchMatches(db, shown).map((match) => [match.rowid, match]));
  const hits = shown.flatMap((rowid) => {
    const match = byRowid.get(rowid);
    return match ? [toHit(match, query)] : [];
  });
  return { hits, hasMore: ranked.length > limit };
}

function toHit({ rowid: _rowid, content, ...match }: SearchMatch, query: MessageSearchQuery): MessageSearchHit {
  return { ...match, snippet: buildSnippet(content, query.terms, query.prefixLast) };
}
