import type { Database } from 'better-sqlite3';
import type { DlpSummary } from '../../shared/dlp.js';
import type { RemoteRequestRecord } from '../../shared/remote.js';
import { statement } from '../db/statements.js';

export interface NewRemoteRequest {
  endpointId: string | null;
  endpointName: string;
  baseUrl: string;
  model: string;
  chatId: string | null;
  messageId: string | null;
  tokensIn: number | null;
  tokensOut: number | null;
  usageReported: boolean;
  dlp: DlpSummary;
  outcome: RemoteRequestRecord['outcome'];
  errorCode: string | null;
  durationMs: number | null;
  attempts: number;
}

interface RecordRow {
  id: number;
  created_at: number;
  endpoint_name: string;
  base_url: string;
  model: string;
  chat_id: string | null;
  tokens_in: number | null;
  tokens_out: number | null;
  usage_reported: number;
  dlp_summary_json: string;
  outcome: RemoteRequestRecord['outcome'];
  error_code: string | null;
  duration_ms: number | null;
}

/**
 * Records one remote request: when, where, which model, tokens, the DLP summary (counts, never the
 * values) and how it ended. Never the prompt, the reply or the key: this is the start of the audit log.
 */
export function recordRemoteRequest(db: Database, request: NewRemoteRequest, now = Date.now()): void {
  statement(
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
  );
}

/** Newest first. */
export function listRemoteRequests(db: Database, since: number | null = null, limit = 1000): RemoteRequestRecord[] {
  const rows = db
    .prepare('SELECT * FROM remote_requests WHERE created_at >= ? ORDER BY created_at DESC, id DESC LIMIT ?')
    .all(since ?? 0, limit) as RecordRow[];
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.created_at,
    endpointName: row.endpoint_name,
    baseUrl: row.base_url,
    model: row.model,
    chatId: row.chat_id,
    tokensIn: row.tokens_in,
    tokensOut: row.tokens_out,
    usageReported: row.usage_reported === 1,
    dlp: JSON.parse(row.dlp_summary_json) as DlpSummary,
    outcome: row.outcome,
    errorCode: row.error_code,
    durationMs: row.duration_ms,
  }));
}
