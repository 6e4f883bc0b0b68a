import BetterSqlite3 from 'better-sqlite3-multiple-ciphers';
import { getLoadablePath } from 'sqlite-vec';
import { describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../../electron/core/db/migrate.js';
import { finishMessage, updateMessageContent } from '../../../electron/core/chat/store/messages.js';
import { migrations } from '../../../electron/core/db/migrations/index.js';
import { attachCollection, createCollection } from '../../../electron/core/documents/store/collections.js';
import { rankWindow, searchMessages } from '../../../electron/core/history/search.js';
import { toMessageSearchQuery } from '../../../electron/core/history/searchQuery.js';
import { type SearchFilter, searchFilters, searchSql, type SearchStep } from '../../../electron/core/history/store/messageSearch.js';
import { useTempDir } from '../../support/tempDir.js';
import { openTestDatabase, seedChat } from './historyFixtures.js';

const day = 24 * 60 * 60 * 1000;
const start = Date.UTC(2026, 0, 1);

function matchedWords(hit: { snippet: { text: string; match: boolean }[] }): string[] {
  return hit.snippet.filter((segment) => segment.match).map((segment) => segment.text.toLowerCase());
}

describe('full-text search over every chat', () => {
  const tempDir = useTempDir();

  function seededDatabase() {
    const { db } = openTestDatabase(tempDir());
    const budget = seedChat(
      db,
      'Budget review',
      [
        { role: 'user', content: 'Please summarise the invoice from Kestrel Logistics for March.' },
        {
          role: 'assistant',
          content: 'The invoice totals 4,200 euros; the largest line is warehousing.',
          modelName: 'Llama 3.2 3B',
          modelId: 'llama32',
        },
      ],
      start,
    );
    const travel = seedChat(
      db,
      'Trip to Lyon',
      [
        { role: 'user', content: 'Where can I get a good café crème near the station?' },
        { role: 'assistant', content: 'Try the café on Rue de la République, it opens at seven.', modelName: 'Mistral 7B' },
      ],
      start + 10 * day,
    );
    return { db, budget, travel };
  }

  it('finds messages in any chat with the chat, role, model and a highlighted snippet', () => {
    const { db, budget } = seededDatabase();
    const { hits, hasMore } = searchMessages(db, { query: 'invoice' });
    expect(hasMore).toBe(false);
    expect(hits).toHaveLength(2);
    for (const hit of hits) {
      expect(hit).toMatchObject({ chatId: budget.chat.id, chatTitle: 'Budget review' });
      expect(matchedWords(hit)).toEqual(['invoice']);
      expect(hit.snippet.map((segment) => segment.text).join('')).toMatch(/invoice/);
    }
    const reply = hits.find((hit) => hit.role === 'assistant');
    expect(reply).toMatchObject({ messageId: budget.ids[1], modelName: 'Llama 3.2 3B', createdAt: start + 1000 });
    db.close();
  });

  it('needs every word, matches the last one as a prefix, and ignores case and accents', () => {
    const { db, travel } = seededDatabase();
    expect(searchMessages(db, { query: 'invoice warehousing' }).hits).toHaveLength(1);
    expect(searchMessages(db, { query: 'invoice zebra' }).hits).toHaveLength(0);
    expect(searchMessages(db, { query: 'kestrel logis' }).hits).toHaveLength(1);
    expect(searchMessages(db, { query: 'warehous' }).hits).toHaveLength(1);
    const cafes = searchMessages(db, { query: 'CAFE' }).hits;
    expect(cafes.map((hit) => hit.chatId)).toEqual([travel.chat.id, travel.chat.id]);
    expect(matchedWords(cafes[0]!)).toEqual(['café']);
    db.close();
  });

  it.each([
    '"foo* AND (bar',
    'NEAR(invoice warehousing, 2)',
    'invoice AND',
    'OR',
    '-invoice',
    'content:invoice',
    '^invoice',
    '"',
    '***',
    "it's",
    'a OR b NOT c',
    '{col}: x',
    '\u0000\u0002 invoice \u0003',
  ])('treats FTS syntax in %j as text, never as an error', (query) => {
    const { db } = seededDatabase();
    expect(() => searchMessages(db, { query })).not.toThrow();
    db.close();
  });

  it('searches FTS operators as plain words', () => {
    const { db } = seededDatabase();
    const operators = seedChat(db, 'Operators', [{ role: 'user', content: 'Is foo fast AND is the bar open, or NEAR the station?' }]);
    const hits = searchMessages(db, { query: '"foo* AND (bar' }).hits;
    expect(hits).toHaveLength(1);
    expect(matchedWords(hits[0]!)).toEqual(['foo', 'and', 'bar']);
    expect(searchMessages(db, { query: 'or NEAR' }).hits.map((hit) => hit.chatId)).toEqual([operators.chat.id]);
    expect(searchMessages(db, { query: '-invoice' }).hits).toHaveLength(2);
    expect(searchMessages(db, { query: '***' })).toEqual({ hits: [], hasMore: false });
    db.close();
  });

  it('builds safe FTS queries', () => {
    expect(toMessageSearchQuery('"foo* AND (bar')).toBe('"foo" "and" "bar"*');
    expect(toMessageSearchQuery('Invoice invoice march')).toBe('"invoice" "march"*');
    expect(toMessageSearchQuery('to be')).toBe('"to" "be"');
    expect(toMessageSearchQuery(' :*()" ')).toBeNull();
  });

  it('filters by date, model and attached collection', () => {
    const { db, budget, travel } = seededDatabase();
    const everything = 'the';
    expect(searchMessages(db, { query: everything }).hits).toHaveLength(4);
    expect(searchMessages(db, { query: everything, since: start + 5 * day }).hits.map((hit) => hit.chatId)).toEqual([
      travel.chat.id,
      travel.chat.id,
    ]);
    expect(searchMessages(db, { query: everything, until: start + 5 * day }).hits.every((hit) => hit.chatId === budget.chat.id)).toBe(true);
    expect(searchMessages(db, { query: everything, modelName: 'mistral 7b' }).hits.map((hit) => hit.messageId)).toEqual([travel.ids[1]]);
    expect(searchMessages(db, { query: everything, modelName: 'llama32' }).hits.map((hit) => hit.messageId)).toEqual([budget.ids[1]]);

    const contracts = createCollection(db, 'Contracts');
    attachCollection(db, budget.chat.id, contracts.id);
    const inCollection = searchMessages(db, { query: everything, collectionId: contracts.id }).hits;
    expect(inCollection.map((hit) => hit.chatId)).toEqual([budget.chat.id, budget.chat.id]);
    db.close();
  });

  it('pages through hits', () => {
    const { db } = openTestDatabase(tempDir());
    seedChat(
      db,
      'Many',
      Array.from({ length: 25 }, (_, index) => ({ role: 'user' as const, content: `status report number ${index}` })),
    );
    const first = searchMessages(db, { query: 'report', limit: 10 });
    const last = searchMessages(db, { query: 'report', limit: 10, offset: 20 });
    expect([first.hits.length, first.hasMore, last.hits.length, last.hasMore]).toEqual([10, true, 5, false]);
    const all = searchMessages(db, { query: 'report', limit: 100 }).hits.map((hit) => hit.messageId);
    expect(new Set(all).size).toBe(25);
    db.close();
  });

  it('cuts long messages to a snippet around the match, keeping markup as text', () => {
    const { db } = openTestDatabase(tempDir());
    const filler = Array.from({ length: 200 }, (_, index) => `word${index}`).join(' ');
    seedChat(db, 'Long', [{ role: 'assistant', content: `${filler} <script>alert(1)</script> needle ${filler}` }]);
    const [hit] = searchMessages(db, { query: 'needle' }).hits;
    const text = hit!.snippet.map((segment) => segment.text).join('');
    expect(text.startsWith('…') && text.endsWith('…')).toBe(true);
    expect(text).toContain('alert(1)</script> needle word0');
    expect(text.length).toBeLessThan(400);
    expect(hit!.snippet.filter((segment) => segment.match)).toEqual([{ text: 'needle', match: true }]);
    db.close();
  });

  it('indexes a streamed reply once it is finished, and follows edits, continuations and deletions', () => {
    const { db } = openTestDatabase(tempDir());
    const { ids } = seedChat(db, 'Streaming', [
      { role: 'user', content: 'Tell me about otters' },
      { role: 'assistant', content: '', status: 'streaming' },
    ]);
    const replyId = ids[1]!;
    updateMessageContent(db, replyId, 'Otters are playful');
    expect(searchMessages(db, { query: 'playful' }).hits).toHaveLength(0);
    finishMessage(db, replyId, { content: 'Otters are playful mammals', status: 'interrupted', error: null, stats: null, stopReason: 'aborted' });
    expect(searchMessages(db, { query: 'playful mammals' }).hits.map((hit) => hit.messageId)).toEqual([replyId]);

    // Continuing a cut-off reply: back to streaming (out of the index), then finished with more text.
    db.prepare("UPDATE messages SET status = 'streaming' WHERE id = ?").run(replyId);
    expect(searchMessages(db, { query: 'playful' }).hits).toHaveLength(0);
    finishMessage(db, replyId, { content: 'Otters are playful mammals that hold hands', status: 'complete', error: null, stats: null, stopReason: 'end' });
    expect(searchMessages(db, { query: 'hold hands' }).hits).toHaveLength(1);

    db.prepare('UPDATE messages SET content = ? WHERE id = ?').run('Otters sleep floating', replyId);
    expect(searchMessages(db, { query: 'playful' }).hits).toHaveLength(0);
    expect(searchMessages(db, { query: 'floating' }).hits).toHaveLength(1);

    db.prepare('DELETE FROM messages WHERE id = ?').run(replyId);
    expect(searchMessages(db, { query: 'floating' }).hits).toHaveLength(0);
    expect(db.prepare(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`).run()).toBeTruthy();
    db.close();
  });

  it('lets the full-text index drive every step, with any filters', () => {
    const { db } = seededDatabase();
    const combinations = searchFilters.reduce<SearchFilter[][]>(
      (sets, filter) => [...sets, ...sets.map((set) => [...set, filter])],
      [[]],
    );
    expect(combinations).toHaveLength(16);
    const parameters = { match: 'x', skip: 1, floor: 0, rowid: 1, limit: 5, offset: 0, since: 0, until: 1, modelName: 'm', collectionId: 'c' };
    const plan = (step: SearchStep, active: SearchFilter[]) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${searchSql(step, active)}`).all(parameters) as { detail: string }[]).map((row) => row.detail);
    for (const active of combinations) {
      // The newest matches first, straight from the index: no sort of every match.
      const floor = plan('floor', active);
      expect(floor[0], active.join()).toMatch(/VIRTUAL TABLE INDEX/);
      expect(floor.join('\n'), active.join()).not.toMatch(/TEMP B-TREE/);
      // The ranking reads only the rows above the floor (the index takes the rowid bound).
      expect(plan('rank', active)[0], active.join()).toMatch(/VIRTUAL TABLE INDEX \d+:(?=\S*M)(?=\S*>)/);
    }
    // The hits shown are read by rowid, never by scanning messages.
    const details = (db.prepare(`EXPLAIN QUERY PLAN ${searchSql('details', [])}`).all({ rowids: '[1]' }) as { detail: string }[])
      .map((row) => row.detail)
      .join('\n');
    expect(details).toMatch(/SEARCH m USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(details).not.toMatch(/SCAN m\b|TEMP B-TREE/);
    db.close();
  });

  it('ranks a query with more matches than the window among its newest matches', () => {
    const { db } = openTestDatabase(tempDir());
    const strong = 'budget budget budget';
    const messages = Array.from({ length: rankWindow + 10 }, (_, index) => ({
      role: 'user' as const,
      // Two best matches: the oldest message, outside the window of the newest matches, and one inside it.
      content: index === 0 || index === 20 ? strong : `budget item ${index} with several other words around it`,
    }));
    const { ids } = seedChat(db, 'Window', messages);
    const { hits, hasMore } = searchMessages(db, { query: 'budget', limit: 5 });
    expect(hasMore).toBe(true);
    expect(hits[0]!.messageId).toBe(ids[20]);
    expect(hits.map((hit) => hit.messageId)).not.toContain(ids[0]);
    // Among equal scores (same words, same length), the newest first.
    expect(hits[1]!.messageId).toBe(ids.at(-1));
    // The window is of matches that pass the filters: narrowed to the oldest messages, the oldest best match is found.
    expect(searchMessages(db, { query: 'budget', limit: 1, until: 1_700_000_000_000 + 1000 }).hits[0]!.messageId).toBe(ids[0]);
    db.close();
  });

  it('indexes the finished messages already there when migration 6 runs', () => {
    const db = new BetterSqlite3(':memory:');
    db.loadExtension(getLoadablePath());
    migrateDatabase(db, migrations.filter((migration) => migration.version < 6));
    db.exec(`INSERT INTO chats VALUES ('c1', 'Old chat', 0, 0)`);
    db.exec(`INSERT INTO messages (id, chat_id, seq, role, content, status, created_at) VALUES
      ('m1', 'c1', 1, 'user', 'an archived question about pelicans', 'complete', 0),
      ('m2', 'c1', 2, 'assistant', 'pelicans half written', 'streaming', 0)`);
    migrateDatabase(db);
    expect(searchMessages(db, { query: 'pelicans' }).hits.map((hit) => hit.messageId)).toEqual(['m1']);
    db.close();
  });
});
