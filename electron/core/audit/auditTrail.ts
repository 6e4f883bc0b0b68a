import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AuditDetails, AuditEntry, AuditEventType } from '../../shared/audit.js';
import { entryHash, seal, sealMatches } from './auditChain.js';
import { type AuditRow, auditState, insertAuditRow, updateAuditHead } from './store/auditLog.js';

/**
 * Appends to the audit trail. `record` is synchronous, so it runs inside the transaction of the act it
 * records (the act and its entry commit together or not at all); for an act that sends data out, the
 * caller records before the first byte leaves. Entries carry identifiers, hashes and counts only.
 */
export class AuditTrail {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly db: Database,
    /** The seal key (storage/keyEntries.ts); null for a plain database, whose chain is kept unsealed. */
    private readonly sealKey: Buffer | null,
    /** Who acts through this core: the window (`app`) or the command line (`cli`). */
    private readonly actor: string,
    private readonly now: () => number = Date.now,
  ) {}

  get sealed(): boolean {
    return this.sealKey !== null;
  }

  /** Entries written so far (the head's number; pruned ones included). */
  get length(): number {
    return auditState(this.db).head_seq;
  }

  /** The seal key, for verifying and signing checkpoints of this trail. */
  get key(): Buffer | null {
    return this.sealKey;
  }

  /** Calls `listener` after each entry is written (the syslog forwarder sends it on). */
  onRecorded(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  record(type: AuditEventType, details: AuditDetails = {}, actor = this.actor): AuditEntry {
    return this.append(type, details, actor, false);
  }

  /**
   * Records that the seal key was made anew (a key file rebuilt, a plain database encrypted): the one
   * entry that seals a head it could not check, since the old head was sealed with a key that is gone.
   */
  recordSealKeyChange(details: AuditDetails): AuditEntry {
    return this.append('audit.sealKeyChanged', details, this.actor, true);
  }

  private append(type: AuditEventType, details: AuditDetails, actor: string, trustHead: boolean): AuditEntry {
    const entry = this.db.transaction(() => {
      const state = auditState(this.db);
      // A head whose seal does not hold (the end was cut off and the head rewritten without the key) is
      // never sealed afresh: the next entry would otherwise hide the cut. It stays broken for verify.
      const headHolds = trustHead || !this.sealKey || state.head_seq === state.base_seq || sealMatches(this.sealKey, 'head', state.head_seq, state.head_hash, state.head_seal);
      const seq = state.head_seq + 1;
      const previous = state.head_seq === state.base_seq ? state.base_hash : state.head_hash;
      const row: Omit<AuditRow, 'hash' | 'seal'> = { seq, at: this.now(), type, actor, details: JSON.stringify(details), prev_hash: previous };
      const hash = entryHash(previous, row);
      insertAuditRow(this.db, { ...row, hash, seal: seal(this.sealKey, 'entry', seq, hash) });
      updateAuditHead(this.db, seq, hash, headHolds ? seal(this.sealKey, 'head', seq, hash) : Buffer.alloc(0));
      return { seq, at: row.at, type, actor, details, hash: hash.toString('hex') };
    })();
    this.listeners.forEach((listener) => listener());
    return entry;
  }
}
