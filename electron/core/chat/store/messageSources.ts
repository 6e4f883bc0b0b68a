import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { MessageSource } from '../../../shared/documents.js';
import { type RowOf, rowFields } from '../../db/rows.js';
import { statement } from '../../db/statements.js';

type SourceRow = RowOf<Omit<MessageSource, 'cited'>> & { message_id: string; cited: number };

function toSource({ message_id: _messageId, ...row }: SourceRow): MessageSource {
  return { ...rowFields(row), cited: row.cited === 1 };
}

/** Stores the passages a reply is given, replacing any stored before for it. */
export function saveMessageSources(db: Database, messageId: string, sources: readonly MessageSource[]): void {
  const insert = statement(
    db,
    `INSERT INTO message_sources (message_id, number, chunk_id, document_id, file_name, page, page_label, section,
       char_start, char_end, text, score, cited, ocr_confidence)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    statement(db, 'DELETE FROM message_sources WHERE message_id = ?').run(messageId);
    for (const source of sources) {
      insert.run(
        messageId,
        source.number,
        source.chunkId,
        source.documentId,
        source.fileName,
        source.page,
        source.pageLabel ?? null,
        source.section,
        source.charStart,
        source.charEnd,
        source.text,
        source.score,
        source.cited ? 1 : 0,
        source.ocrConfidence ?? null,
      );
    }
  })();
}

/** Marks which sources the finished reply cites (by number); the others stay as "also retrieved". */
export function markCitedSources(db: Database, messageId: string, citedNumbers: readonly number[]): void {
  statement(
    db,
    `UPDATE message_sources SET cited = (number IN (SELECT value FROM json_each(?))) WHERE message_id = ?`,
  ).run(JSON.stringify(citedNumbers), messageId);
}

/**
 * Keeps a reply's first `count` sources, the ones its model was given, and removes the rest: a passage
 * the model never read is no source of its answer (0 removes all, for an answer that never came).
 */
export function keepFirstSources(db: Database, messageId: string, count: number): void {
  statement(db, 'DELETE FROM message_sources WHERE message_id = ? AND number > ?').run(messageId, count);
}

/** Every source of a chat's messages, by message id, each list in citation-number order. */
export function listChatSources(db: Database, chatId: string): Map<string, MessageSource[]> {
  const rows = statement(
    db,
    `SELECT s.* FROM message_sources s JOIN messages m ON m.id = s.message_id
     WHERE m.chat_id = ? ORDER BY s.message_id, s.number`,
  ).all(chatId) as SourceRow[];
  const byMessage = new Map<string, MessageSource[]>();
  for (const row of rows) {
    const list = byMessage.get(row.message_id) ?? [];
    list.push(toSource(row));
    byMessage.set(row.message_id, list);
  }
  return byMessage;
}

export function listMessageSources(db: Database, messageId: string): MessageSource[] {
  const rows = statement(db, 'SELECT * FROM message_sources WHERE message_id = ? ORDER BY number').all(messageId) as SourceRow[];
  return rows.map(toSource);
}
