import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { saveMessageSources } from '../../../electron/core/chat/store/messageSources.js';
import {
  attachCollection,
  createCollection,
  deleteChatCollections,
  ensureChatCollection,
} from '../../../electron/core/documents/store/collections.js';
import { finishPendingErasure } from '../../../electron/core/history/compactDatabase.js';
import { eraseAllChats, eraseChat } from '../../../electron/core/history/eraseChats.js';
import { searchMessages } from '../../../electron/core/history/search.js';
import { isErasurePending } from '../../../electron/core/history/store/erasureMark.js';
import { truncateHistory } from '../../../electron/core/history/store/truncateHistory.js';
import { useTempDir } from '../../support/tempDir.js';
import { openTestDatabase, seedChat } from '../../unit/history/historyFixtures.js';

/**
 * "Right to erasure" at the level of bytes: text written into a chat, then deleted, must not be
 * readable anywhere in the database file or its write-ahead log and shared-memory files, whether
 * it was a message, the chat's title, a source passage, or a file dropped into the chat. Without a
 * VACUUM: the search indexes delete securely and freed bytes are zeroed (migration 8), which the
 * file keeping its size shows.
 */

const filler = Array.from({ length: 400 }, (_, index) => `ordinary filler sentence number ${index} about budgets and travel`).join('. ');

/** Lowercase on purpose: the search index stores terms lowercased, so this is the exact byte string it would keep. */
function markers(tag: string) {
  return {
    message: `zq${tag}messagemarker`,
    reply: `zq${tag}replymarker`,
    title: `zq${tag}titlemarker`,
    passage: `zq${tag}passagemarker`,
    droppedFile: `zq${tag}droppedfilemarker`,
  };
}

function databaseFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`].filter((candidate) => fs.existsSync(candidate));
}

/** Which of the strings appear in the bytes of the database, its WAL or its shared-memory file. */
function foundInFiles(file: string, strings: readonly string[]): string[] {
  const contents = databaseFiles(file).map((candidate) => fs.readFileSync(candidate));
  return strings.filter((text) => contents.some((bytes) => bytes.includes(Buffer.from(text, 'utf8'))));
}

/** A chat holding every marker: in a message, a reply, the title, a source passage and a dropped file's text. */
function seedMarkedChat(db: Database, tag: string) {
  const marker = markers(tag);
  const { chat, ids } = seedChat(db, `Secret ${marker.title}`, [
    { role: 'user', content: `${filler}. Please keep ${marker.message} private.` },
    { role: 'assistant', content: `Understood, ${marker.reply} is safe. ${filler}`, modelName: 'Tiny Chat' },
  ]);
  saveMessageSources(db, ids[1]!, [
    {
      number: 1,
      chunkId: 1,
      documentId: 'd1',
      fileName: 'notes.txt',
      page: null,
      section: null,
      charStart: 0,
      charEnd: 10,
      text: `passage ${marker.passage}`,
      score: 0.5,
      cited: true,
    },
  ]);
  const dropped = ensureChatCollection(db, chat.id, chat.title);
  db.prepare(
    `INSERT INTO documents (id, collection_id, sha256, file_name, path, format, size_bytes, status, added_at)
     VALUES (?, ?, ?, 'dropped.txt', '/tmp/dropped.txt', 'txt', 100, 'ready', 0)`,
  ).run(`doc${tag}`, dropped.id, `sha${tag}`);
  db.prepare(
    `INSERT INTO chunks (document_id, ordinal, char_start, char_end, token_count, text) VALUES (?, 0, 0, 100, 20, ?)`,
  ).run(`doc${tag}`, `${filler.slice(0, 500)} ${marker.droppedFile}`);
  return { chat, marker: Object.values(marker) };
}

describe('erasing chats from the database file', () => {
  const tempDir = useTempDir();

  it('deletes one chat with its text gone from the file, the WAL and the shared-memory file', async () => {
    const { db, file } = openTestDatabase(tempDir());
    const kept = seedChat(db, 'Kept chat', [{ role: 'user', content: `${filler}. The kept word is keepsake.` }]);
    const shared = createCollection(db, 'Shared');
    const { chat, marker } = seedMarkedChat(db, 'one');
    attachCollection(db, chat.id, shared.id);
    // The test can see the markers before: otherwise "not found" afterwards would prove nothing.
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(foundInFiles(file, marker)).toEqual(marker);
    const sizeBefore = fs.statSync(file).size;

    const report = await eraseChat(db, chat.id);
    expect(report).toEqual({ chatsDeleted: 1, messagesDeleted: 2, fileErased: true });
    expect(foundInFiles(file, marker)).toEqual([]);
    expect(fs.statSync(`${file}-wal`).size).toBe(0);
    // Not rewritten by a VACUUM (which would have shrunk it): the bytes were erased where they lay.
    expect(fs.statSync(file).size).toBe(sizeBefore);

    // What was not deleted is intact and still found.
    expect(searchMessages(db, { query: 'keepsake' }).hits.map((hit) => hit.chatId)).toEqual([kept.chat.id]);
    expect(searchMessages(db, { query: marker[0]! }).hits).toEqual([]);
    expect(db.prepare('SELECT name FROM collections').pluck().all()).toEqual(['Shared']);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.exec(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`);
    db.close();
    expect(foundInFiles(file, marker)).toEqual([]);
  });

  it('deletes every chat with all their text gone, keeping shared collections', async () => {
    const { db, file } = openTestDatabase(tempDir());
    const first = seedMarkedChat(db, 'first');
    const second = seedMarkedChat(db, 'second');
    const shared = createCollection(db, 'Shared');
    attachCollection(db, first.chat.id, shared.id);
    const allMarkers = [...first.marker, ...second.marker];
    db.pragma('wal_checkpoint(PASSIVE)');
    expect(foundInFiles(file, allMarkers)).toEqual(allMarkers);

    expect(await eraseAllChats(db)).toEqual({ chatsDeleted: 2, messagesDeleted: 4, fileErased: true });
    expect(foundInFiles(file, allMarkers)).toEqual([]);
    expect(db.prepare('SELECT COUNT(*) FROM messages').pluck().get()).toBe(0);
    expect(db.prepare('SELECT name FROM collections').pluck().all()).toEqual(['Shared']);
    // The index triggers are back: a new chat is searchable.
    seedChat(db, 'After', [{ role: 'user', content: 'a fresh start' }]);
    expect(searchMessages(db, { query: 'fresh start' }).hits).toHaveLength(1);
    db.exec(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`);
    db.close();
    expect(foundInFiles(file, allMarkers)).toEqual([]);
  });

  it('erases the title of a chat with no messages', async () => {
    const { db, file } = openTestDatabase(tempDir());
    seedChat(db, 'Kept', [{ role: 'user', content: filler }]);
    const { chat } = seedChat(db, 'Empty zqemptytitlemarker', []);
    expect(foundInFiles(file, ['zqemptytitlemarker'])).toHaveLength(1);
    expect(await eraseChat(db, chat.id)).toEqual({ chatsDeleted: 1, messagesDeleted: 0, fileErased: true });
    expect(foundInFiles(file, ['zqemptytitlemarker'])).toEqual([]);
    db.close();
    expect(foundInFiles(file, ['zqemptytitlemarker'])).toEqual([]);
  });

  it('answers an unknown chat with not-found and deletes nothing', async () => {
    const { db } = openTestDatabase(tempDir());
    seedChat(db, 'Kept', [{ role: 'user', content: 'still here' }]);
    await expect(eraseChat(db, 'missing')).rejects.toMatchObject({ code: 'not-found' });
    expect(db.prepare('SELECT COUNT(*) FROM messages').pluck().get()).toBe(1);
    db.close();
  });
});

describe('text that lived only in the search index', () => {
  const tempDir = useTempDir();

  it('leaves the file when a reply is rewritten, with no erase and no VACUUM', () => {
    const { db, file } = openTestDatabase(tempDir());
    const { ids } = seedChat(db, 'Draft', [{ role: 'user', content: `${filler}. First draft: zqreplacedwordmarker.` }]);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(foundInFiles(file, ['zqreplacedwordmarker'])).toHaveLength(1);
    // The row's new text overwrites the old; the index drops the old terms (a plain FTS5 delete would
    // only mark them deleted, leaving the word in an index segment until a merge).
    db.prepare('UPDATE messages SET content = ? WHERE id = ?').run(`${filler}. Second draft.`, ids[0]);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(foundInFiles(file, ['zqreplacedwordmarker'])).toEqual([]);
    expect(searchMessages(db, { query: 'second draft' }).hits).toHaveLength(1);
    db.exec(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`);
    db.close();
  });
});

describe('erasing while the app goes on working', () => {
  const tempDir = useTempDir();

  it('deletes a long chat in slices that let other work through, ending with the same bytes gone', async () => {
    const { db, file } = openTestDatabase(tempDir());
    const kept = seedChat(db, 'Kept', [{ role: 'user', content: 'the kept word is keepsake' }]);
    const long = seedChat(
      db,
      'Long zqlongtitlemarker',
      Array.from({ length: 400 }, (_, index) => ({
        role: index % 2 === 0 ? ('user' as const) : ('assistant' as const),
        content: `${filler.slice(0, 2000)} zqlongchatmarker${index}`,
      })),
    );
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(foundInFiles(file, ['zqlongchatmarker399', 'zqlongtitlemarker'])).toHaveLength(2);
    // A zero budget makes every slice one step (one message), so the slicing shows whatever the machine's speed.
    const erasing = eraseChat(db, long.chat.id, { sliceBudgetMs: 0 });
    // The call returned after its first slice: the newest message is gone, the rest wait their turn.
    expect(db.prepare('SELECT COUNT(*) FROM messages WHERE chat_id = ?').pluck().get(long.chat.id)).toBe(399);
    const answeredMeanwhile = new Promise<number>((resolve) =>
      setImmediate(() => resolve(db.prepare('SELECT COUNT(*) FROM messages WHERE chat_id = ?').pluck().get(long.chat.id) as number)),
    );
    expect(await answeredMeanwhile).toBeGreaterThan(0);
    expect(await erasing).toEqual({ chatsDeleted: 1, messagesDeleted: 400, fileErased: true });
    expect(foundInFiles(file, ['zqlongchatmarker', 'zqlongtitlemarker'])).toEqual([]);
    expect(searchMessages(db, { query: 'keepsake' }).hits.map((hit) => hit.chatId)).toEqual([kept.chat.id]);
    db.exec(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`);
    db.close();
  });

  it('erases every chat in one go and rewrites the file from what is kept', async () => {
    const { db, file } = openTestDatabase(tempDir());
    const marked = seedMarkedChat(db, 'bulk');
    seedChat(db, 'Long', Array.from({ length: 300 }, (_, index) => ({ role: 'user' as const, content: `${filler.slice(0, 1000)} line ${index}` })));
    db.pragma('wal_checkpoint(TRUNCATE)');
    const sizeBefore = fs.statSync(file).size;

    expect(await eraseAllChats(db)).toEqual({ chatsDeleted: 2, messagesDeleted: 302, fileErased: true });
    expect(foundInFiles(file, marked.marker)).toEqual([]);
    // Rewritten from what is kept: no free pages left, and a fraction of the size.
    expect(db.pragma('freelist_count', { simple: true })).toBe(0);
    expect(fs.statSync(file).size).toBeLessThan(sizeBefore / 2);
    expect(fs.statSync(`${file}-wal`).size).toBe(0);
    expect(isErasurePending(db)).toBe(false);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    db.exec(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`);
    db.close();
  });

  it('finishes at the next start an erasure that stopped after the truncation', () => {
    const { db, file } = openTestDatabase(tempDir());
    const marked = seedMarkedChat(db, 'crash');
    deleteChatCollections(db, marked.chat.id);
    // The process dies right after the transaction that freed the pages, before the file is rewritten.
    truncateHistory(db);
    db.close();
    // The text is still in the free pages: this is what the pending mark is for.
    expect(foundInFiles(file, marked.marker.slice(0, 2))).toEqual(marked.marker.slice(0, 2));

    const reopened = openTestDatabase(path.dirname(file)).db;
    expect(isErasurePending(reopened)).toBe(true);
    expect(finishPendingErasure(reopened)).toBe(true);
    expect(foundInFiles(file, marked.marker)).toEqual([]);
    expect(isErasurePending(reopened)).toBe(false);
    expect(finishPendingErasure(reopened)).toBeNull();
    reopened.close();
  });
});
