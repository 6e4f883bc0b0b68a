import type { Database } from 'better-sqlite3-multiple-ciphers';
import { dlpSummarySchema } from '../../../shared/dlp.js';
import type { RemoteRequestRecord } from '../../../shared/remote.js';
import { jsonColumn, type RowOf, rowFields } from '../../db/rows.js';
import { statement } from '../../db/statements.js';

/** A request to record: what the log lists, with the endpoint and message it belongs to and how many tries it took. */
export type NewRemoteRequest = Omit<RemoteRequestRecord, 'id' | 'createdAt'> & {
  endpointId: string | null;
  messageId: string | null;
  attempts: number;
};

type RecordRow = RowOf<Omit<RemoteRequestRecord, 'usageReported' | 'dlp'>> & { usage_reported: number; dlp: string };

/**
 * Records one remote request: when, where, which model, tokens, the DLP summary (counts, never the
 * values) and how it ended. Never the prompt, the reply or the key: this is the start of the audit log.
 */
export function recordRemoteRequest(db: Database, request: NewRemoteRequest, now = Date.now()): number {
  return Number(statement(
    db,
    `INSERT INTO remote_requests (created_at, endpoint_id, endpoint_name, base_url, model, chat_id, message_id,
       tokens_in, tokens_out, usage_reported, dlp_summary_json, outcome, error_code, duration_ms, attempts)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    now,
    request.endpointId,
    request.endpointName,
    request.baseUrl,
    request.model,
    request.chatId,
    request.messageId,
    request.tokensIn,
    request.tokensOut,
    request.usageReported ? 1 : 0,
    JSON.stringify(request.dlp),
    request.outcome,
    request.errorCode,
    request.durationMs === null ? null : Math.round(request.durationMs),
    request.attempts,
  ).lastInsertRowid);
}

/** How a request recorded as `sending` ended. */
export type RemoteRequestEnd = Pick<
  NewRemoteRequest,
  'outcome' | 'errorCode' | 'tokensIn' | 'tokensOut' | 'usageReported' | 'durationMs' | 'attempts' | 'messageId'
>;

/** Completes the record of a request written as `sending` before it left. */
export function finishRemoteRequest(db: Database, id: number, end: RemoteRequestEnd): void {
  statement(
    db,
    `UPDATE remote_requests SET outcome = ?, error_code = ?, tokens_in = ?, tokens_out = ?, usage_reported = ?,
       duration_ms = ?, attempts = ?, message_id = COALESCE(?, message_id)
     WHERE id = ? AND outcome = 'sending'`,
  ).run(
    end.outcome,
    end.errorCode,
    end.tokensIn,
    end.tokensOut,
    end.usageReported ? 1 : 0,
    end.durationMs === null ? null : Math.round(end.durationMs),
    end.attempts,
    end.messageId,
    id,
  );
}

/** A request closed at start, with what the audit trail names it by. */
export interface AbandonedRemoteRequest {
  id: number;
  endpointId: string | null;
  endpointName: string;
  model: string;
}

/** Requests left `sending` by a process that died mid-request: closed as interrupted at the next start. */
export function closeAbandonedRemoteRequests(db: Database): AbandonedRemoteRequest[] {
  const rows = statement(
    db,
    `UPDATE remote_requests SET outcome = 'interrupted', error_code = 'app-closed' WHERE outcome = 'sending'
     RETURNING id, endpoint_id, endpoint_name, model`,
  ).all() as RowOf<AbandonedRemoteRequest>[];
  return rows.map(rowFields);
}

/** Newest first. */
export function listRemoteRequests(db: Database, since: number | null = null, limit = 1000): RemoteRequestRecord[] {
  const rows = statement(
    db,
    `SELECT id, created_at, endpoint_name, base_url, model, chat_id, tokens_in, tokens_out, usage_reported,
            dlp_summary_json AS dlp, outcome, error_code, duration_ms
     FROM remote_requests WHERE created_at >= ? ORDER BY created_at DESC, id DESC LIMIT ?`,
  ).all(since ?? 0, limit) as RecordRow[];
  return rows.map((row) => ({
    ...rowFields(row),
    usageReported: row.usage_reported === 1,
    dlp: jsonColumn(dlpSummarySchema, row.dlp, 'remote_requests.dlp_summary_json'),
  }));
}
