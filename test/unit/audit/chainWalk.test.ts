import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChainWalk, type ChainedFields, entryHash, genesisHash, seal } from '../../../electron/core/audit/auditChain.js';

/** Entries whose text stresses the walk's reused memory: empty, multi-byte, and longer than its first buffer. */
function entries(): ChainedFields[] {
  const texts = ['{}', JSON.stringify({ name: 'Modèle 日本語 😀', note: 'line\nbreak "quoted" \\ tab\t' }), JSON.stringify({ long: 'é'.repeat(5000) }), '{"a":1}'];
  return Array.from({ length: 40 }, (_, index) => ({
    seq: index + 1,
    at: 1_700_000_000_000 + index * 997,
    type: index % 2 === 0 ? 'remote.sending' : 'remote.completed',
    actor: index % 7 === 0 ? 'cli' : 'app',
    details: texts[index % texts.length] ?? '{}',
  }));
}

const upperHex = (buffer: Buffer) => buffer.toString('hex').toUpperCase();

/** verifyTrail's ChainWalk computes what entryHash and seal compute (the write side), entry after entry. */
describe('ChainWalk', () => {
  for (const [label, sealKey, base] of [
    ['a 32-byte key from the genesis hash', crypto.randomBytes(32), genesisHash],
    ['a key longer than the HMAC block from a pruned base', crypto.randomBytes(100), crypto.randomBytes(32)],
    ['a 64-byte key from an odd-length base', crypto.randomBytes(64), crypto.randomBytes(7)],
  ] as const) {
    it(`gives the hashes and seals the trail is written with: ${label}`, () => {
      const walk = new ChainWalk(base, sealKey);
      let previous: Buffer = base;
      for (const entry of entries()) {
        const hash = entryHash(previous, entry);
        expect(walk.hashOf(entry)).toBe(upperHex(hash));
        const stored = upperHex(seal(sealKey, 'entry', entry.seq, hash));
        expect(walk.sealMatches('entry', entry.seq, upperHex(hash), stored)).toBe(true);
        expect(walk.sealMatches('head', entry.seq, upperHex(hash), stored)).toBe(false);
        expect(walk.sealMatches('entry', entry.seq + 1, upperHex(hash), stored)).toBe(false);
        walk.follow(upperHex(hash));
        previous = hash;
      }
    });
  }

  it('refuses a seal made with another key, a shortened or empty seal, and any seal without a key', () => {
    const sealKey = crypto.randomBytes(32);
    const walk = new ChainWalk(genesisHash, sealKey);
    const hash = upperHex(entryHash(genesisHash, entries()[0]!));
    const right = upperHex(seal(sealKey, 'entry', 1, Buffer.from(hash, 'hex')));
    expect(walk.sealMatches('entry', 1, hash, right)).toBe(true);
    expect(walk.sealMatches('entry', 1, hash, upperHex(seal(crypto.randomBytes(32), 'entry', 1, Buffer.from(hash, 'hex'))))).toBe(false);
    expect(walk.sealMatches('entry', 1, hash, right.slice(0, 62))).toBe(false);
    expect(walk.sealMatches('entry', 1, hash, `${right}00`)).toBe(false);
    expect(walk.sealMatches('entry', 1, hash, '')).toBe(false);
    expect(new ChainWalk(genesisHash, null).sealMatches('entry', 1, hash, right)).toBe(false);
  });
});
