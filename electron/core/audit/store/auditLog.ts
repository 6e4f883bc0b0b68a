import type { Database } from 'better-sqlite3-multiple-ciphers';
import { iterationStatement, statement } from '../../db/statements.js';

export interface AuditRow {
  seq: number;
  at: number;
  type: string;
  actor: string;
  details: string;
  prev_hash: Buffer;
  hash: Buffer;
  seal: Buffer;
}

export interface AuditStateRow {
  pruning: number;
  head_seq: number;
  head_hash: Buffer;
  head_seal: Buffer;
  base_seq: number;
  base_hash: Buffer;
  base_seal: Buffer;
}

export function auditState(db: Database): AuditStateRow {
  return statement(db, 'SELECT pruning, head_seq, head_hash, head_seal, base_seq, base_hash, base_seal FROM audit_state WHERE id = 1').get() as AuditStateRow;
}

export function insertAuditRow(db: Database, row: AuditRow): void {
  statement(db, 'INSERT INTO audit_events (seq, at, type, actor, details, prev_hash, hash, seal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    row.seq,
    row.at,
    row.type,
    row.actor,
    row.details,
    row.prev_hash,
    row.hash,
    row.seal,
  );
}

export function updateAuditHead(db: Database, seq: number, hash: Buffer, seal: Buffer): void {
  statement(db, 'UPDATE audit_state SET head_seq = ?, head_hash = ?, head_seal = ? WHERE id = 1').run(seq, hash, seal);
}

/** Every entry in stored order (by seq), one at a time: a million entries never sit in memory together. */
export function iterateAuditRows(db: Database): IterableIterator<AuditRow> {
  return iterationStatement(db, 'SELECT seq, at, type, actor, details, prev_hash, hash, seal FROM audit_events ORDER BY seq').iterate() as IterableIterator<AuditRow>;
}

/** An entry as verify walks the chain, its hashes and seal as upper-case hex (as SQLite's `hex` writes them). */
export type AuditChainRow = [seq: number, at: number, type: string, actor: string, details: string, prevHash: string, hash: string, seal: string];

/**
 * `iterateAuditRows` for verifyTrail.ts, read as it is quickest since a million rows take seconds: the
 * hashes as hex text (three blobs a row as buffers took longer to read than the row takes to check),
 * each row as an array.
 */
export function iterateAuditChain(db: Database): IterableIterator<AuditChainRow> {
  const sql = 'SELECT seq, at, type, actor, details, hex(prev_hash), hex(hash), hex(seal) FROM audit_events ORDER BY seq';
  return iterationStatement(db, sql).raw().iterate() as IterableIterator<AuditChainRow>;
}

export interface AuditFilter {
  since?: number | undefined;
  until?: number | undefined;
  type?: string | undefined;
  limit?: number | undefined;
}

export function listAuditRows(db: Database, filter: AuditFilter): AuditRow[] {
  return statement(
    db,
    `SELECT seq, at, type, actor, details, prev_hash, hash, seal FROM audit_events
     WHERE at >= ? AND at <= ? AND (? IS NULL OR type = ? OR type LIKE ? || '.%')
     ORDER BY seq LIMIT ?`,
  ).all(filter.since ?? 0, filter.until ?? Number.MAX_SAFE_INTEGER, filter.type ?? null, filter.type ?? null, filter.type ?? null, filter.limit ?? -1) as AuditRow[];
}

export function auditRowAt(db: Database, seq: number): AuditRow | undefined {
  return statement(db, 'SELECT seq, at, type, actor, details, prev_hash, hash, seal FROM audit_events WHERE seq = ?').get(seq) as AuditRow | undefined;
}

/** Deletes entries before `firstKept` and records the new base, in the caller's transaction. */
export function pruneAuditRows(db: Database, firstKept: number, baseHash: Buffer, baseSeal: Buffer): number {
  statement(db, 'UPDATE audit_state SET pruning = 1 WHERE id = 1').run();
  const deleted = statement(db, 'DELETE FROM audit_events WHERE seq < ?').run(firstKept).changes;
  statement(db, 'UPDATE audit_state SET pruning = 0, base_seq = ?, base_hash = ?, base_seal = ? WHERE id = 1').run(firstKept - 1, baseHash, baseSeal);
  return deleted;
}

/** The first entry written at or after `at`, or null. */
export function firstSeqSince(db: Database, at: number): number | null {
  return (statement(db, 'SELECT MIN(seq) AS seq FROM audit_events WHERE at >= ?').get(at) as { seq: number | null }).seq;
}

/** Every entry of a rare type (a seal key change), in order. */
export function rowsOfType(db: Database, type: string): AuditRow[] {
  return statement(db, 'SELECT seq, at, type, actor, details, prev_hash, hash, seal FROM audit_events WHERE type = ? ORDER BY seq').all(type) as AuditRow[];
}

/** The newest entry of any of these types, or undefined. */
export function lastRowOfTypes(db: Database, types: readonly string[]): AuditRow | undefined {
  const placeholders = types.map(() => '?').join(', ');
  return statement(db, `SELECT seq, at, type, actor, details, prev_hash, hash, seal FROM audit_events WHERE type IN (${placeholders}) ORDER BY seq DESC LIMIT 1`).get(
    ...types,
  ) as AuditRow | undefined;
}
