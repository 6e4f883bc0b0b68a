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
  return crypto.createHash('sha256').update(previous).update(canonicalText(entry), 'utf8').digest();
}

function canonicalText(entry: ChainedFields): string {
  return JSON.stringify([entry.seq, entry.at, entry.type, entry.actor, entry.details]);
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

const hashBytes = 32;
/** SHA-256's block: HMAC pads its key to it. */
const hmacBlockBytes = 64;

/**
 * The chain recomputed entry after entry, as `entryHash` and `seal` make it, for a walk over a whole
 * trail (verifyTrail.ts). A million entries through `entryHash` and `sealMatches` took longer than the
 * 10 s the trail may take to verify (`npm run bench:audit`): most of it went on making and collecting
 * small buffers and on `createHmac`, which sets its digest up afresh on every call. Here hashes and seals
 * go in as hex, each entry's text is hashed from memory reused from one entry to the next, and the seal
 * is HMAC-SHA256 (RFC 2104) built from two one-shot hashes over key pads made once.
 */
export class ChainWalk {
  /** The previous entry's hash (its first `previousLength` bytes), then the canonical text of the next entry. */
  private text = Buffer.allocUnsafe(4096);
  private previousLength: number;
  /** The seal key XOR ipad, then the sealed message ("entry:seq:at:" and the hash). */
  private readonly inner: Buffer | null;
  /** The seal key XOR opad, then the inner hash. */
  private readonly outer: Buffer | null;
  /** The seal made now and the stored one, to compare in constant time. */
  private readonly expected = Buffer.alloc(hashBytes);
  private readonly stored = Buffer.alloc(hashBytes);

  constructor(
    /** The hash the first entry follows: the trail's base. */
    previous: Buffer,
    sealKey: Buffer | null,
  ) {
    if (previous.length > this.text.length) this.text = Buffer.allocUnsafe(previous.length);
    this.previousLength = previous.copy(this.text);
    if (!sealKey) {
      this.inner = this.outer = null;
      return;
    }
    // A key longer than the block is hashed first; a shorter one is padded with zeros (RFC 2104).
    const key = sealKey.length > hmacBlockBytes ? crypto.hash('sha256', sealKey, 'buffer') : sealKey;
    this.inner = Buffer.alloc(hmacBlockBytes + 128);
    this.outer = Buffer.alloc(hmacBlockBytes + hashBytes);
    for (let index = 0; index < hmacBlockBytes; index++) {
      const byte = key[index] ?? 0;
      this.inner[index] = byte ^ 0x36;
      this.outer[index] = byte ^ 0x5c;
    }
  }

  /** `entryHash` of `entry` after the entry followed last, as upper-case hex (as SQLite's `hex` writes it). */
  hashOf(entry: ChainedFields): string {
    const canonical = canonicalText(entry);
    // UTF-8 takes at most three bytes per UTF-16 code unit: then the text always fits.
    const room = this.previousLength + canonical.length * 3;
    if (room > this.text.length) {
      const larger = Buffer.allocUnsafe(room);
      this.text.copy(larger, 0, 0, this.previousLength);
      this.text = larger;
    }
    const written = this.text.write(canonical, this.previousLength, 'utf8');
    return crypto.hash('sha256', this.text.subarray(0, this.previousLength + written), 'hex').toUpperCase();
  }

  /** Moves on: the next entry follows the one whose hash is `hashHex` (one `hashOf` gave, so 32 bytes). */
  follow(hashHex: string): void {
    this.previousLength = this.text.write(hashHex, 0, 'hex');
  }

  /** `sealMatches` for a hash `hashOf` gave and a stored seal, both as hex; false without a seal key. */
  sealMatches(purpose: SealPurpose, seq: number, hashHex: string, storedHex: string, at = 0): boolean {
    if (!this.inner || !this.outer) return false;
    if (storedHex.length !== 2 * hashBytes || this.stored.write(storedHex, 0, 'hex') !== hashBytes) return false;
    // The label is ASCII (a purpose and two integers) and the hash 32 bytes: the message fits the 128 bytes after the pad.
    let end = hmacBlockBytes + this.inner.write(`${purpose}:${String(seq)}:${String(at)}:`, hmacBlockBytes, 'latin1');
    end += this.inner.write(hashHex, end, 'hex');
    // Digests as hex, written back as bytes: a buffer made for each digest costs twice the hashing.
    this.outer.write(crypto.hash('sha256', this.inner.subarray(0, end), 'hex'), hmacBlockBytes, 'hex');
    this.expected.write(crypto.hash('sha256', this.outer, 'hex'), 0, 'hex');
    return crypto.timingSafeEqual(this.expected, this.stored);
  }
}
