import { z } from 'zod';
import type { AuditDetails, AuditEntry, AuditEventType } from '../../shared/audit.js';
import type { AuditRow } from './store/auditLog.js';

const detailsSchema = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.record(z.string(), z.union([z.number(), z.string()]))]),
) satisfies z.ZodType<AuditDetails>;

/**
 * A stored row as the entry callers see: details parsed, hash in hex. Unlike other JSON columns
 * (db/rows.ts `jsonColumn`), details that do not parse are not an error here: the trail is evidence,
 * so a damaged or edited entry is shown as it is stored (`unreadable`) and `audit.verify` names it.
 */
export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    // Written by AuditTrail.record from the closed list; a type a later Enclave added is shown as stored.
    type: row.type as AuditEventType,
    actor: row.actor,
    details: parseDetails(row.details),
    hash: row.hash.toString('hex'),
  };
}

/** The entry's seal in hex; null for an entry written without a seal key (a plain database). */
export function sealHex(row: AuditRow): string | null {
  return row.seal.length > 0 ? row.seal.toString('hex') : null;
}

function parseDetails(text: string): AuditDetails {
  try {
    const parsed = detailsSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // Not JSON: shown as stored, below.
  }
  return { unreadable: text };
}
