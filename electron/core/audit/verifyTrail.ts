import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AuditCheckpoint, AuditVerification } from '../../shared/audit.js';
import { ChainWalk, sealMatches } from './auditChain.js';
import { auditRowAt, auditState, iterateAuditChain, rowsOfType } from './store/auditLog.js';
import { checkpointProblem } from './checkpoints.js';

type Bad = NonNullable<AuditVerification['firstBad']>;

/**
 * Walks the whole trail from its (sealed) base to its (sealed) head and names the first entry that
 * does not hold: changed content, a broken link (removed, inserted or moved), a seal that does not
 * match (the chain recomputed without the key), a cut-off end. With an exported checkpoint it also
 * proves the trail still holds that entry, with that hash, and did not end before it.
 *
 * A trail read without its seal key (a plain database) is checked as a hash chain only: an attacker who
 * recomputes the chain after an edit is then not caught, which `sealed: false` says.
 */
export function verifyTrail(db: Database, sealKey: Buffer | null, checkpoint?: AuditCheckpoint): AuditVerification {
  const state = auditState(db);
  const sealed = sealKey !== null;
  let entries = 0;
  let firstSeq: number | null = null;
  // The hash the next entry must follow, as upper-case hex (as the rows give theirs); `chain` holds its bytes.
  let previous = state.base_hash.toString('hex').toUpperCase();
  const chain = new ChainWalk(state.base_hash, sealKey);
  let expected = state.base_seq + 1;
  const result = (firstBad: Bad | null): AuditVerification => ({
    ok: firstBad === null,
    entries,
    firstSeq,
    lastSeq: expected - 1 >= (firstSeq ?? expected) ? expected - 1 : null,
    sealed,
    firstBad,
    checkpoint: checkpoint ? 'matched' : 'not-given',
  });

  // Seals are checked from the last time the seal key was made anew (a key file rebuilt after recovery, a
  // plain database encrypted): that entry is sealed with today's key and chains every entry before it,
  // so those are held by the chain; their own seals were made with a key that is gone, or none.
  // Only such an entry whose own seal holds counts: a forged one must not switch the checks off.
  const sealsFrom = sealKey ? (rowsOfType(db, 'audit.sealKeyChanged').filter((row) => sealMatches(sealKey, 'entry', row.seq, row.hash, row.seal)).at(-1)?.seq ?? 0) : 0;
  if (sealKey && state.base_seq > 0 && state.base_seq >= sealsFrom && !sealMatches(sealKey, 'base', state.base_seq, state.base_hash, state.base_seal)) {
    return result({ seq: state.base_seq + 1, reason: 'the start of the trail (where it was pruned) was changed' });
  }
  for (const [seq, at, type, actor, details, prevHash, hash, seal] of iterateAuditChain(db)) {
    entries++;
    firstSeq ??= seq;
    if (seq > expected) return result({ seq: expected, reason: `entry ${String(expected)} is missing (removed)` });
    if (seq < expected) return result({ seq, reason: `entry ${String(seq)} is out of place` });
    if (prevHash !== previous) {
      return result({ seq, reason: 'it does not follow the entry before it (an entry was removed, inserted or moved)' });
    }
    if (chain.hashOf({ seq, at, type, actor, details }) !== hash) return result({ seq, reason: 'its content was changed after it was written' });
    if (sealKey && seq >= sealsFrom && !chain.sealMatches('entry', seq, hash, seal)) {
      return result({ seq, reason: 'its seal does not match: the trail was rewritten without the key' });
    }
    previous = hash;
    chain.follow(hash);
    expected++;
  }
  const last = expected - 1;
  if (state.head_seq > last) return result({ seq: last + 1, reason: `the trail ends at entry ${String(last)} but its head names entry ${String(state.head_seq)}: entries were cut off the end` });
  if (state.head_seq < last || state.head_hash.toString('hex').toUpperCase() !== previous) return result({ seq: state.head_seq + 1, reason: 'entries after the sealed head were added, or the head was changed' });
  if (sealKey && last > 0 && !sealMatches(sealKey, 'head', last, state.head_hash, state.head_seal)) {
    return result({ seq: last, reason: "the head's seal does not match: the end of the trail was rewritten without the key" });
  }
  if (checkpoint) {
    const problem = checkpointProblem(checkpoint, sealKey);
    if (problem) return result({ seq: checkpoint.seq, reason: problem });
    if (checkpoint.seq > last) return result({ seq: last + 1, reason: `the exported checkpoint names entry ${String(checkpoint.seq)}, past the end: entries were cut off the end` });
    const row = checkpoint.seq > state.base_seq ? auditRowAt(db, checkpoint.seq) : undefined;
    if (row && row.hash.toString('hex') !== checkpoint.hash) return result({ seq: checkpoint.seq, reason: 'it differs from the exported checkpoint' });
  }
  return result(null);
}
