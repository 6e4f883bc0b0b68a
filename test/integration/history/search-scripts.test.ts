import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { finishMessage, updateMessageContent } from '../../../electron/core/chat/store/messages.js';
import { eraseAllChats, eraseChat } from '../../../electron/core/history/eraseChats.js';
import { searchMessages } from '../../../electron/core/history/search.js';
import { type SearchSources, searchSql, type SearchStep, wordSources } from '../../../electron/core/history/store/messageSearch.js';
import { unspacedMatch } from '../../../electron/core/history/unspacedQuery.js';
import { maxTrigramExpansion } from '../../../electron/core/text/unspacedScripts.js';
import { useTempDir } from '../../support/tempDir.js';
import { openTestDatabase, seedChat } from '../../unit/history/historyFixtures.js';

const japanese = '今年の受験者数は昨年より増えた。';
const chinese = '北京大学的图书馆很大。';
const thai = 'ภาษาไทยเป็นภาษาที่สวยงาม';

function matched(hit: { snippet: { text: string; match: boolean }[] }): string[] {
  return hit.snippet.filter((segment) => segment.match).map((segment) => segment.text);
}

/** Rowids the trigram index itself holds for `term` (a substring of three characters or more), read from the index alone. */
function indexedRowids(db: Database, term: string): number[] {
  return db.prepare('SELECT rowid FROM messages_trigram WHERE messages_trigram MATCH ?').pluck().all(`"${term}"`) as number[];
}

/** The index's own trigrams that begin with `prefix` (its vocabulary, as stored). */
function indexedTrigrams(db: Database, prefix: string): string[] {
  return db.prepare('SELECT term FROM messages_trigram_terms WHERE term >= ? AND term < ?').pluck().all(prefix, `${prefix}\u{10FFFF}`) as string[];
}

describe('chat history search in scripts written without spaces', () => {
  const tempDir = useTempDir();
  let db: Database;
  afterEach(() => db.close());

  function seeded() {
    ({ db } = openTestDatabase(tempDir()));
    const asia = seedChat(db, 'アジア', [
      { role: 'user', content: japanese },
      { role: 'assistant', content: chinese, modelName: 'Qwen' },
      { role: 'user', content: thai },
    ]);
    const pumps = seedChat(db, 'Pumps', [
      { role: 'user', content: 'The coolant pump needs a new seal before winter.' },
      { role: 'assistant', content: 'Coolant notes for the 受験 group: check the pump weekly.' },
    ]);
    return { asia, pumps };
  }

  function found(query: string): string[] {
    return searchMessages(db, { query }).hits.map((hit) => hit.messageId);
  }

  it('finds Japanese, Chinese and Thai words of four, two and one characters, and highlights only the word', () => {
    const { asia, pumps } = seeded();
    expect(found('受験者数')).toEqual([asia.ids[0]]);
    expect(new Set(found('受験'))).toEqual(new Set([asia.ids[0], pumps.ids[1]]));
    expect(found('図書館')).toEqual([]);
    expect(found('图书馆')).toEqual([asia.ids[1]]);
    expect(found('北京')).toEqual([asia.ids[1]]);
    // One character, twice in the message, once at its very end ("很大。").
    expect(found('大')).toEqual([asia.ids[1]]);
    expect(found('ภาษา')).toEqual([asia.ids[2]]);
    expect(found('ไทย')).toEqual([asia.ids[2]]);
    expect(found('増えた')).toEqual([asia.ids[0]]);
    // No message holds it: no hits, not an error.
    expect(found('試験')).toEqual([]);
    expect(found('鯨')).toEqual([]);

    const [hit] = searchMessages(db, { query: '受験者数' }).hits;
    expect(matched(hit!)).toEqual(['受験者数']);
    expect(hit!.snippet.map((segment) => segment.text).join('')).toBe(japanese);
  });

  it('ANDs words and characters, keeps the filters, and leaves Latin search as it was', () => {
    const { asia, pumps } = seeded();
    expect(found('coolant 受験')).toEqual([pumps.ids[1]]);
    expect(found('受験 winter')).toEqual([]);
    expect(searchMessages(db, { query: '受験', modelName: 'qwen' }).hits).toEqual([]);
    expect(searchMessages(db, { query: '北京', modelName: 'qwen' }).hits.map((hit) => hit.messageId)).toEqual([asia.ids[1]]);

    // Latin terms never touch the trigram index: the same SQL as before, the same hits.
    expect(searchSql('rank', [], wordSources)).toBe(searchSql('rank', []));
    expect(searchSql('rank', [])).not.toMatch(/trigram|instr/);
    expect(new Set(found('coolant'))).toEqual(new Set(pumps.ids));
    expect(found('pump seal')).toEqual([pumps.ids[0]]);
    expect(found('coola')).toHaveLength(2);
    expect(matched(searchMessages(db, { query: 'seal' }).hits[0]!)).toEqual(['seal']);
  });

  it('indexes a streamed reply only once it is finished, and follows its edits', () => {
    ({ db } = openTestDatabase(tempDir()));
    const { ids } = seedChat(db, 'Streaming', [
      { role: 'user', content: '教えてください' },
      { role: 'assistant', content: '', status: 'streaming' },
    ]);
    const replyId = ids[1]!;
    updateMessageContent(db, replyId, '受験者数は');
    expect(found('受験者数')).toEqual([]);
    finishMessage(db, replyId, { content: '受験者数は増えた', status: 'complete', error: null, stats: null, stopReason: 'end' });
    expect(found('受験者数')).toEqual([replyId]);
    db.prepare('UPDATE messages SET content = ? WHERE id = ?').run('合格者数は減った', replyId);
    expect(found('受験者数')).toEqual([]);
    expect(found('合格')).toEqual([replyId]);
    db.exec(`INSERT INTO messages_trigram (messages_trigram, rank) VALUES ('integrity-check', 1)`);
  });

  it('finds a character too common to list its trigrams by reading the newest messages', () => {
    ({ db } = openTestDatabase(tempDir()));
    // "の" followed by more distinct characters than a term is expanded to.
    const messages = Array.from({ length: maxTrigramExpansion + 20 }, (_, index) => ({
      role: 'user' as const,
      content: `の${String.fromCodePoint(0x4e00 + index)}語 note ${index % 2 === 0 ? 'even' : 'odd'}`,
    }));
    seedChat(db, 'Common', messages);
    expect(unspacedMatch(db, ['の'])).toEqual({ trigramMatch: null, scans: ['の'] });
    const all = searchMessages(db, { query: 'の', limit: 1000 });
    expect(all.hits).toHaveLength(messages.length);
    expect(matched(all.hits[0]!)).toEqual(['の']);
    expect(searchMessages(db, { query: 'even の', limit: 1000 }).hits).toHaveLength(messages.length / 2);
    expect(searchMessages(db, { query: 'の 一語', limit: 1000 }).hits).toHaveLength(1);
  });

  it('lets an index drive every step of a query in any script', () => {
    seeded();
    const parameters = { match: 'x', trigramMatch: 'xyz', scan0: 'x', scanFloor: 0, skip: 1, floor: 0, limit: 5, offset: 0, since: 0 };
    const plan = (step: SearchStep, sources: SearchSources) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${searchSql(step, ['since'], sources)}`).all(parameters) as { detail: string }[])
        .map((row) => row.detail)
        .join('\n');
    for (const sources of [
      { words: false, trigram: true, scans: 0 },
      { words: true, trigram: true, scans: 0 },
      { words: false, trigram: true, scans: 1 },
    ]) {
      expect(plan('floor', sources)).toMatch(/VIRTUAL TABLE INDEX/);
      expect(plan('floor', sources)).not.toMatch(/TEMP B-TREE/);
      expect(plan('rank', sources)).toMatch(/VIRTUAL TABLE INDEX/);
    }
    // Only characters to scan for: the newest messages by rowid, never the whole table.
    expect(plan('floor', { words: false, trigram: false, scans: 1 })).toMatch(/SEARCH m USING INTEGER PRIMARY KEY \(rowid>\?\)/);
  });

  it('takes an erased chat out of the trigram index, one chat or all of them', async () => {
    const { asia, pumps } = seeded();
    const [japaneseRowid] = db.prepare('SELECT rowid FROM messages WHERE id = ?').pluck().all(asia.ids[0]) as number[];
    expect(indexedRowids(db, '受験者数')).toEqual([japaneseRowid]);
    expect(indexedTrigrams(db, '受験者')).toEqual(['受験者']);

    await eraseChat(db, asia.chat.id);
    // Straight from the index, not through the search: no rowid, no trigram of its words is left.
    expect(indexedRowids(db, '受験者数')).toEqual([]);
    expect(indexedRowids(db, '图书馆')).toEqual([]);
    expect(indexedRowids(db, 'ภาษา')).toEqual([]);
    expect(indexedTrigrams(db, '受験者')).toEqual([]);
    expect(indexedTrigrams(db, '北')).toEqual([]);
    expect(indexedTrigrams(db, 'ภา')).toEqual([]);
    // The other chat's words stay.
    expect(indexedTrigrams(db, '受験 ')).toEqual(['受験 ']);
    db.exec(`INSERT INTO messages_trigram (messages_trigram, rank) VALUES ('integrity-check', 1)`);
    expect(found('受験')).toEqual([pumps.ids[1]]);

    await eraseAllChats(db);
    expect(db.prepare('SELECT count(*) FROM messages_trigram_terms').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM messages_trigram_data').pluck().get()).toBeLessThanOrEqual(2);
    db.exec(`INSERT INTO messages_trigram (messages_trigram, rank) VALUES ('integrity-check', 1)`);
    expect(found('受験')).toEqual([]);
  });
});
