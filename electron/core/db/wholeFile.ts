import type { Database } from 'better-sqlite3-multiple-ciphers';
import { latestSchemaVersion } from './migrations/index.js';

/*
 * What storage/ does to the database as a whole file (encrypt, rekey, back up, restore), in SQL. Each
 * works on a connection of its own, never the app's: none goes through the statement cache.
 */

/** Leaves WAL mode (checkpointing and deleting the WAL); false while another connection has the file open. */
export function leaveWalMode(db: Database): boolean {
  return db.pragma('journal_mode = DELETE', { simple: true }) === 'delete';
}

/** Leaves WAL mode and takes the exclusive lock at once; throws SQLITE_BUSY while another connection has the file. */
export function lockExclusively(db: Database): void {
  db.pragma('busy_timeout = 0');
  if (!leaveWalMode(db)) throw new Error('another connection keeps the database in WAL mode');
  db.exec('BEGIN EXCLUSIVE');
}

/** A consistent, compacted copy of the database at `destination` (one read snapshot; writers go on). */
export function vacuumInto(db: Database, destination: string): void {
  db.pragma('busy_timeout = 5000');
  db.prepare('VACUUM INTO ?').run(destination);
}

/** SQLite's full integrity check: null when the file is whole, else what is wrong. */
export function integrityProblem(db: Database): string | null {
  const check = db.pragma('integrity_check', { simple: true });
  return check === 'ok' ? null : String(check);
}

/** The schema version and every table, index and trigger: what a whole copy must have. */
export function schemaFingerprint(db: Database): string {
  const version = db.pragma('user_version', { simple: true });
  return JSON.stringify([version, db.prepare('SELECT type, name, sql FROM sqlite_schema ORDER BY type, name').all()]);
}

/** Why a file cannot serve as Enclave's database (not one, too new, damaged), or null when it can. */
export function enclaveDatabaseProblem(db: Database): string | null {
  const version = db.pragma('user_version', { simple: true }) as number;
  const hasChats = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'chats'").get() !== undefined;
  if (version < 1 || !hasChats) return 'it is not an Enclave database';
  if (version > latestSchemaVersion) return `it was made by a newer Enclave (schema ${String(version)}; this one knows up to ${String(latestSchemaVersion)})`;
  const damage = integrityProblem(db);
  return damage ? `it is damaged (${damage})` : null;
}
