import os from 'node:os';
import { toAuditEntry } from '../audit/auditEntries.js';
import { makeCheckpoint } from '../audit/checkpoints.js';
import { formatAuditExport } from '../audit/exportFormats.js';
import { listAuditRows } from '../audit/store/auditLog.js';
import { verifyTrail } from '../audit/verifyTrail.js';
import type { Handlers } from '../ipc/dispatch.js';
import type { CoreContext } from './context.js';

type AuditHandlers = Pick<Handlers, 'audit.list' | 'audit.verify' | 'audit.checkpoint' | 'audit.export'>;

/**
 * The audit trail read back (audit/): listed, verified, signed at its head, exported. Verifying,
 * signing and exporting are acts on the trail themselves, so each is recorded, after it ran: an
 * entry written first would be part of what it describes.
 */
export function auditHandlers(core: CoreContext): AuditHandlers {
  return {
    'audit.list': (filter) => listAuditRows(core.database(), filter).map(toAuditEntry),
    'audit.verify': ({ checkpoint }) => {
      const trail = core.audit();
      const verification = verifyTrail(core.database(), trail.key, checkpoint);
      trail.record('audit.verified', {
        ok: verification.ok,
        entries: verification.entries,
        firstBad: verification.firstBad?.seq ?? null,
        checkpoint: checkpoint?.seq ?? null,
      });
      return verification;
    },
    'audit.checkpoint': () => {
      const trail = core.audit();
      const checkpoint = makeCheckpoint(core.database(), trail.key);
      trail.record('audit.checkpoint', { seq: checkpoint.seq, hash: checkpoint.hash, signed: checkpoint.signature !== null });
      return checkpoint;
    },
    'audit.export': ({ format, ...filter }) => {
      const rows = listAuditRows(core.database(), filter);
      const content = formatAuditExport(rows, format, os.hostname());
      core.audit().record('audit.exported', {
        format,
        entries: rows.length,
        since: filter.since ?? null,
        until: filter.until ?? null,
        type: filter.type ?? null,
      });
      return { content, entries: rows.length };
    },
  };
}
