import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AuditCheckpoint } from '../../shared/audit.js';
import { seal, sealMatches } from './auditChain.js';
import { auditState } from './store/auditLog.js';

/** The trail's head now, signed: exported and kept elsewhere, it shows later that nothing before it changed or went. */
export function makeCheckpoint(db: Database, sealKey: Buffer | null, now = Date.now()): AuditCheckpoint {
  const state = auditState(db);
  const hash = state.head_seq === state.base_seq ? state.base_hash : state.head_hash;
  const signature = sealKey ? seal(sealKey, 'checkpoint', state.head_seq, hash, now).toString('hex') : null;
  return { format: 'enclave-audit-checkpoint', version: 1, seq: state.head_seq, hash: hash.toString('hex'), at: now, signature };
}

/** Why a checkpoint (parsed with auditCheckpointSchema) cannot be trusted: its signature is not this trail's; null when it can. */
export function checkpointProblem(checkpoint: AuditCheckpoint, sealKey: Buffer | null): string | null {
  if (!sealKey || checkpoint.signature === null) return null;
  const signature = Buffer.from(checkpoint.signature, 'hex');
  return sealMatches(sealKey, 'checkpoint', checkpoint.seq, Buffer.from(checkpoint.hash, 'hex'), signature, checkpoint.at)
    ? null
    : "the checkpoint's signature is not this trail's (it was edited, or made for another database)";
}
