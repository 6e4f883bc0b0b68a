/**
 * Deterministic pseudo-random numbers for generated test models: the same seed gives the same bytes on
 * every machine and every run, so generated files can be cached by content version and hashed in tests.
 */

/** mulberry32: a tiny 32-bit PRNG; returns a function yielding uint32 values. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return function next(): number {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** mulberry32 as floats in [0, 1): the same seed gives the same sequence (tamperings, sampled lines) every run. */
export function seededUnit(seed: number): () => number {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}

/** FNV-1a over the UTF-16 code units of `text`, mixed with `seed`; used to give each tensor its own stream. */
export function hashString(text: string, seed = 0): number {
  let hash = (0x811c9dc5 ^ seed) >>> 0;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Uniform float in [-1, 1) from a uint32. */
export function toSignedUnit(value: number): number {
  return value / 0x80000000 - 1;
}
