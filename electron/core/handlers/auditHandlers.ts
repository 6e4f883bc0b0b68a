import os from 'node:os';
import type { AuditDetails, AuditExportFormat, AuditFileKind } from '../../shared/audit.js';
import { toAuditEntry } from '../audit/auditEntries.js';
import { makeCheckpoint } from '../audit/checkpoints.js';
import { formatAuditExport } from '../audit/exportFormats.js';
import { type AuditFilter, listAuditRows } from '../audit/store/auditLog.js';
import { verifyTrail } from '../audit/verifyTrail.js';
import { writeExportFile } from '../files/exportFile.js';
import type { Handlers } from '../ipc/dispatch.js';
import type { CoreContext } from './context.js';
import { grantedFile } from './grantedFiles.js';

type AuditHandlers = Pick<
  Handlers,
  'audit.list' | 'audit.verify' | 'audit.checkpoint' | 'audit.export' | 'audit.exportFile' | 'audit.saveCheckpoint'
>;

/**
 * The audit trail read back (audit/): listed, verified, signed at its head, exported. Verifying,
 * signing and exporting are acts on the trail themselves, so each is recorded, after it ran: an
 * entry written first would be part of what it describes. The app's exports and checkpoints are
 * written here, where the user chose in a save dialog, so the trail never travels to the window;
 * the CLI takes the content and writes it itself.
 */
export function auditHandlers(core: CoreContext): AuditHandlers {
  /** The file the user chose (a grant the request carries, or the save dialog's); null when they cancelled. */
  async function destination(grant: string | undefined, kind: AuditFileKind): Promise<string | null> {
    const chosen = grant ?? (await core.services.pickAuditDestination?.(kind)) ?? null;
    return chosen === null ? null : grantedFile(core, chosen, 'export');
  }

  /** The matching entries as one text, and how to record their export once it was delivered (a failed write is no export). */
  function exportEntries(format: AuditExportFormat, filter: AuditFilter) {
    const rows = listAuditRows(core.database(), filter);
    const recordExported = (extra: AuditDetails) =>
      core.audit().record('audit.exported', {
        format,
        entries: rows.length,
        since: filter.since ?? null,
        until: filter.until ?? null,
        type: filter.type ?? null,
        ...extra,
      });
    return { content: formatAuditExport(rows, format, os.hostname()), entries: rows.length, recordExported };
  }

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
      const exported = exportEntries(format, filter);
      exported.recordExported({});
      return { content: exported.content, entries: exported.entries };
    },
    'audit.exportFile': async ({ format, grant, ...filter }) => {
      const file = await destination(grant, format);
      if (file === null) return null;
      const exported = exportEntries(format, filter);
      writeExportFile(file, exported.content);
      exported.recordExported({ destination: 'file' });
      return { path: file, entries: exported.entries };
    },
    'audit.saveCheckpoint': async ({ grant }) => {
      const file = await destination(grant, 'checkpoint');
      if (file === null) return null;
      const trail = core.audit();
      const checkpoint = makeCheckpoint(core.database(), trail.key);
      // The same file `enclave audit checkpoint --out` writes, so `enclave audit verify --checkpoint` reads it.
      writeExportFile(file, `${JSON.stringify(checkpoint, null, 2)}\n`);
      trail.record('audit.checkpoint', { seq: checkpoint.seq, hash: checkpoint.hash, signed: checkpoint.signature !== null, destination: 'file' });
      return { path: file, checkpoint };
    },
  };
}
