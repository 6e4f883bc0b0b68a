import type { Database } from 'better-sqlite3-multiple-ciphers';
import { statement } from '../../db/statements.js';
import type { AuditRow } from '../store/auditLog.js';

export interface ForwardingStateRow {
  delivered_seq: number;
  delivered_at: number | null;
  last_attempt_at: number | null;
  last_error: string | null;
}

/** Where forwarding to `collector` stands; a collector never tried has had nothing delivered. */
export function forwardingState(db: Database, collector: string): ForwardingStateRow {
  const row = statement(db, 'SELECT delivered_seq, delivered_at, last_attempt_at, last_error FROM audit_forwarding WHERE collector = ?').get(collector) as
    | ForwardingStateRow
    | undefined;
  return row ?? { delivered_seq: 0, delivered_at: null, last_attempt_at: null, last_error: null };
}

/** Records that the collector holds every entry up to `seq`. */
export function recordDelivered(db: Database, collector: string, seq: number, at: number): void {
  statement(
    db,
    `INSERT INTO audit_forwarding (collector, delivered_seq, delivered_at, last_attempt_at, last_error) VALUES (?, ?, ?, ?, NULL)
     ON CONFLICT (collector) DO UPDATE SET delivered_seq = MAX(delivered_seq, excluded.delivered_seq), delivered_at = excluded.delivered_at,
       last_attempt_at = excluded.last_attempt_at, last_error = NULL`,
  ).run(collector, seq, at, at);
}

/** Records a failed attempt; what was delivered before stays as it was. */
export function recordAttemptFailed(db: Database, collector: string, at: number, error: string): void {
  statement(
    db,
    `INSERT INTO audit_forwarding (collector, last_attempt_at, last_error) VALUES (?, ?, ?)
     ON CONFLICT (collector) DO UPDATE SET last_attempt_at = excluded.last_attempt_at, last_error = excluded.last_error`,
  ).run(collector, at, error);
}

/** The next entries after `seq`, in order, at most `limit`. */
export function auditRowsAfter(db: Database, seq: number, limit: number): AuditRow[] {
  return statement(db, 'SELECT seq, at, type, actor, details, prev_hash, hash, seal FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?').all(seq, limit) as AuditRow[];
}

/** How many entries wait after `seq`. */
export function countAuditRowsAfter(db: Database, seq: number): number {
  return (statement(db, 'SELECT COUNT(*) AS count FROM audit_events WHERE seq > ?').get(seq) as { count: number }).count;
}
