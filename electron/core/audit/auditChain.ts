import crypto from 'node:crypto';

/**
 * How an entry is bound to the one before it and sealed.
 * - hash = SHA-256(previous hash || the entry's canonical text), where the canonical text is the JSON
 *   array [seq, at, type, actor, details] with details as stored: editing, inserting, deleting or
 *   swapping an entry breaks every link after it.
 * - seal = HMAC-SHA256(seal key, "entry" || hash): recomputing the chain after an edit needs the key,
 *   which the database does not hold (storage/keyEntries.ts keeps it wrapped beside the database key).
 * - The head (last seq and hash) and the base (where a pruned trail starts) are sealed the same way, so
 *   cutting the tail or the start off is seen too.
 */
export const genesisHash = Buffer.alloc(32);

export interface ChainedFields {
  seq: number;
  at: number;
  type: string;
  actor: string;
  /** The details exactly as stored (JSON text). */
  details: string;
}

export function entryHash(previous: Buffer, entry: ChainedFields): Buffer {
  const canonical = JSON.stringify([entry.seq, entry.at, entry.type, entry.actor, entry.details]);
  return crypto.createHash('sha256').update(previous).update(canonical, 'utf8').digest();
}

export type SealPurpose = 'entry' | 'head' | 'base' | 'checkpoint';

/** Empty when there is no key (a plain database: the chain is kept, unsealed). */
export function seal(sealKey: Buffer | null, purpose: SealPurpose, seq: number, hash: Buffer, at = 0): Buffer {
  if (!sealKey) return Buffer.alloc(0);
  return crypto.createHmac('sha256', sealKey).update(`${purpose}:${String(seq)}:${String(at)}:`).update(hash).digest();
}

export function sealMatches(sealKey: Buffer, purpose: SealPurpose, seq: number, hash: Buffer, stored: Buffer, at = 0): boolean {
  const expected = seal(sealKey, purpose, seq, hash, at);
  return stored.length === expected.length && crypto.timingSafeEqual(stored, expected);
}
