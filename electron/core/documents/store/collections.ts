import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { CollectionInfo } from '../../../shared/documents.js';
import { foundOr, type RowOf, rowFields } from '../../db/rows.js';
import { pluckedStatement, statement } from '../../db/statements.js';
import { EnclaveError } from '../../errors.js';
import { newId } from '../../ids.js';
import { deleteChunkVectors } from './vectorIndex.js';

/** A named set of documents; a chat searches the collections attached to it. */
export type Collection = CollectionInfo;

type CollectionRow = RowOf<Omit<Collection, 'confidential'>> & { confidential: number };

const selectCollection = `
  SELECT c.id, c.name, c.created_at, (SELECT COUNT(*) FROM documents d WHERE d.collection_id = c.id) AS document_count,
         c.chat_id, c.confidential
  FROM collections c`;

function toCollection(row: CollectionRow): Collection {
  return { ...rowFields(row), confidential: row.confidential === 1 };
}

export function createCollection(db: Database, name: string, now = Date.now()): Collection {
  const trimmed = validName(name);
  const id = newId();
  try {
    statement(db, 'INSERT INTO collections (id, name, created_at) VALUES (?, ?, ?)').run(id, trimmed, now);
  } catch (error) {
    throw duplicateNameError(error, trimmed);
  }
  return getCollection(db, id);
}

export function renameCollection(db: Database, collectionId: string, name: string): Collection {
  const trimmed = validName(name);
  let changes: number;
  try {
    changes = statement(db, 'UPDATE collections SET name = ? WHERE id = ?').run(trimmed, collectionId).changes;
  } catch (error) {
    throw duplicateNameError(error, trimmed);
  }
  if (changes === 0) throw notFound(collectionId);
  return getCollection(db, collectionId);
}

export function setCollectionConfidential(db: Database, collectionId: string, confidential: boolean): Collection {
  const result = statement(db, 'UPDATE collections SET confidential = ? WHERE id = ?').run(confidential ? 1 : 0, collectionId);
  if (result.changes === 0) throw notFound(collectionId);
  return getCollection(db, collectionId);
}

/** Deletes a collection, its documents, chunks, FTS entries and vectors, all or nothing. */
export function deleteCollection(db: Database, collectionId: string): void {
  db.transaction(() => {
    deleteChunkVectors(
      db,
      'SELECT c.id FROM chunks c JOIN documents d ON d.id = c.document_id WHERE d.collection_id = ?',
      collectionId,
    );
    const result = statement(db, 'DELETE FROM collections WHERE id = ?').run(collectionId);
    if (result.changes === 0) {
      throw notFound(collectionId);
    }
  })();
}

/**
 * The collection holding files dropped into a chat, created (and attached) on first use. Its name is
 * unique by construction; the chat's deletion removes it (see `deleteChatCollections`). `onCreated`
 * runs in the transaction that creates it (to record it there), not when it already exists.
 */
export function ensureChatCollection(
  db: Database,
  chatId: string,
  chatTitle: string,
  onCreated: (collection: Collection) => void = () => undefined,
  now = Date.now(),
): Collection {
  return db.transaction(() => {
    const existing = pluckedStatement(db, 'SELECT id FROM collections WHERE chat_id = ?').get(chatId) as string | undefined;
    if (existing) return getCollection(db, existing);
    const id = newId();
    const name = `Files in "${chatTitle.slice(0, 80)}" (${id.slice(0, 6)})`;
    statement(db, 'INSERT INTO collections (id, name, created_at, chat_id) VALUES (?, ?, ?, ?)').run(id, name, now, chatId);
    attachCollection(db, chatId, id);
    const created = getCollection(db, id);
    onCreated(created);
    return created;
  })();
}

/**
 * Replaces the collections a chat searches with `collectionIds` (all must exist); the chat's own
 * dropped-files collection stays attached whatever the list says.
 */
export function setChatCollections(db: Database, chatId: string, collectionIds: readonly string[]): void {
  db.transaction(() => {
    for (const collectionId of collectionIds) getCollection(db, collectionId);
    statement(
      db,
      `DELETE FROM chat_collections WHERE chat_id = ?
         AND collection_id NOT IN (SELECT id FROM collections WHERE chat_id = ?)`,
    ).run(chatId, chatId);
    for (const collectionId of collectionIds) attachCollection(db, chatId, collectionId);
  })();
}

/** Deletes the collections a chat owns with their vectors, and says how many; call inside the transaction deleting the chat. */
export function deleteChatCollections(db: Database, chatId: string): number {
  const owned = pluckedStatement(db, 'SELECT id FROM collections WHERE chat_id = ?').all(chatId) as string[];
  for (const collectionId of owned) deleteCollection(db, collectionId);
  return owned.length;
}

/** Attaches a collection to a chat, so the chat's questions search it; attaching twice is harmless. */
export function attachCollection(db: Database, chatId: string, collectionId: string): void {
  statement(db, 'INSERT OR IGNORE INTO chat_collections (chat_id, collection_id) VALUES (?, ?)').run(chatId, collectionId);
}

export function detachCollection(db: Database, chatId: string, collectionId: string): void {
  statement(db, 'DELETE FROM chat_collections WHERE chat_id = ? AND collection_id = ?').run(chatId, collectionId);
}

/** The collections a chat searches, by name. */
export function listChatCollections(db: Database, chatId: string): Collection[] {
  // On every send's path: compiled once.
  const rows = statement(
    db,
    `${selectCollection} JOIN chat_collections cc ON cc.collection_id = c.id
     WHERE cc.chat_id = ? ORDER BY c.name COLLATE NOCASE`,
  ).all(chatId) as CollectionRow[];
  return rows.map(toCollection);
}

/** Alphabetical, case-insensitively: the order a sidebar lists them. */
export function listCollections(db: Database): Collection[] {
  const rows = statement(db, `${selectCollection} ORDER BY c.name COLLATE NOCASE, c.created_at`).all() as CollectionRow[];
  return rows.map(toCollection);
}

export function findCollection(db: Database, collectionId: string): Collection | undefined {
  const row = statement(db, `${selectCollection} WHERE c.id = ?`).get(collectionId) as CollectionRow | undefined;
  return row && toCollection(row);
}

export function findCollectionByName(db: Database, name: string): Collection | undefined {
  const row = statement(db, `${selectCollection} WHERE c.name = ?`).get(name.trim()) as CollectionRow | undefined;
  return row && toCollection(row);
}

export function getCollection(db: Database, collectionId: string): Collection {
  return foundOr(findCollection(db, collectionId), () => notFound(collectionId));
}

function validName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new EnclaveError('invalid-request', 'A collection needs a name.');
  return trimmed;
}

function duplicateNameError(error: unknown, name: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE') {
    return new EnclaveError('invalid-request', `There is already a collection named "${name}"; choose another name.`);
  }
  return error;
}

function notFound(collectionId: string): EnclaveError {
  return new EnclaveError('not-found', `There is no collection with id ${collectionId}; it may have been deleted.`);
}
