import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AuditDetails } from '../../shared/audit.js';
import type { AuditTrail } from '../audit/auditTrail.js';
import { EnclaveError, toAppError } from '../errors.js';
import { closeAbandonedRemoteRequests, finishRemoteRequest, type NewRemoteRequest, recordRemoteRequest, type RemoteRequestEnd } from './store/remoteRequests.js';

/**
 * The record of each remote request (store/remoteRequests.ts) and its audit entries, written together
 * in one transaction: the request log and the audit trail never disagree about what left.
 */
export interface RequestRecords {
  db: Database;
  audit: AuditTrail;
}

/** Why a request did not leave: DLP blocked it, or the policy keeps the chat on this machine. */
export type BlockedAction = 'blocked' | 'kept-local';

/**
 * Write-ahead: the request as it is about to leave, recorded `sending` with its audit entry. Called
 * before the first byte is sent; if either cannot be written, nothing is sent.
 */
export function recordSending(records: RequestRecords, request: NewRemoteRequest, confirmed: boolean): number {
  try {
    return records.db.transaction(() => {
      const id = recordRemoteRequest(records.db, request);
      records.audit.record('remote.sending', { ...requestDetails(id, request), action: 'sent', confirmed });
      return id;
    })();
  } catch (error) {
    throw new EnclaveError('io-error', `Nothing was sent: the record of this request could not be saved first (${toAppError(error).message}).`);
  }
}

/** How the request ended: `completed` when the endpoint answered (stopped or cut short included), else `failed`. */
export function recordFinished(records: RequestRecords, id: number, request: NewRemoteRequest, end: RemoteRequestEnd): void {
  const failed = end.outcome === 'error' || end.outcome === 'interrupted';
  try {
    records.db.transaction(() => {
      finishRemoteRequest(records.db, id, end);
      records.audit.record(failed ? 'remote.failed' : 'remote.completed', {
        requestId: id,
        endpointId: request.endpointId,
        endpointName: request.endpointName,
        model: request.model,
        outcome: end.outcome,
        errorCode: end.errorCode,
        tokensIn: end.tokensIn,
        tokensOut: end.tokensOut,
        usageReported: end.usageReported,
        durationMs: end.durationMs === null ? null : Math.round(end.durationMs),
        attempts: end.attempts,
      });
    })();
  } catch {
    // The record stays `sending` and is closed as interrupted at the next start, its end recorded
    // then (closeAbandonedRequests); the reply is stored on its own.
  }
}

/**
 * A request that did not leave, and why (`rule`). A DLP block is kept in the request log too (with
 * its DLP counts); a request the policy keeps local is in the audit trail only.
 */
export function recordBlocked(records: RequestRecords, request: NewRemoteRequest, action: BlockedAction, rule: string): void {
  try {
    records.db.transaction(() => {
      const id = action === 'blocked' ? recordRemoteRequest(records.db, { ...request, outcome: 'blocked', errorCode: 'dlp-blocked' }) : null;
      records.audit.record('remote.blocked', { ...requestDetails(id, request), action, rule });
    })();
  } catch {
    // The block itself stands (nothing is sent); only its record is lost (disk full).
  }
}

/**
 * A send the policy refused before anything was prepared: the endpoint is not one it allows. The
 * model is left out: it is the window's word, not yet checked against the endpoint's list.
 */
export function recordRefused(audit: AuditTrail, endpoint: { id: string; name: string | null; baseUrl: string | null }, chatId: string): void {
  try {
    const where = { endpointId: endpoint.id, endpointName: endpoint.name, baseUrl: endpoint.baseUrl, chatId };
    audit.record('remote.blocked', { ...where, action: 'refused', rule: 'endpoint-not-allowed' });
  } catch {
    // The refusal stands; only its record is lost.
  }
}

/** Requests a killed process left `sending`: closed as interrupted, each end in the audit trail. */
export function closeAbandonedRequests(records: RequestRecords): number {
  return records.db.transaction(() => {
    const closed = closeAbandonedRemoteRequests(records.db);
    for (const { id, endpointId, endpointName, model } of closed) {
      records.audit.record('remote.failed', { requestId: id, endpointId, endpointName, model, outcome: 'interrupted', errorCode: 'app-closed' });
    }
    return closed.length;
  })();
}

/** What the trail keeps of a request: where, which model, DLP counts by detector and by action; never text or a key. */
function requestDetails(id: number | null, request: NewRemoteRequest): AuditDetails {
  return {
    requestId: id,
    endpointId: request.endpointId,
    endpointName: request.endpointName,
    baseUrl: request.baseUrl,
    model: request.model,
    chatId: request.chatId,
    messageId: request.messageId,
    dlpFindings: request.dlp.total,
    dlpByDetector: { ...request.dlp.byDetector },
    dlpByAction: { ...request.dlp.byAction },
  };
}
