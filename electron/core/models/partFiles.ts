import fs from 'node:fs/promises';
import type { StoredPart } from './store/models.js';

/** Size and modification time of each part, as remembered in the registry. */
export async function statParts(paths: readonly string[]): Promise<StoredPart[]> {
  return Promise.all(
    paths.map(async (filePath) => {
      const stat = await fs.stat(filePath);
      return { path: filePath, sizeBytes: stat.size, mtimeMs: Math.round(stat.mtimeMs) };
    }),
  );
}

export type PartsState = 'same' | 'different' | 'missing';

/**
 * The cheap check before every load: a file whose size and modification time are unchanged is taken
 * as unchanged; anything else is re-hashed before it may load.
 */
export async function compareParts(stored: readonly StoredPart[]): Promise<PartsState> {
  let state: PartsState = 'same';
  for (const part of stored) {
    const stat = await fs.stat(part.path).catch(() => null);
    if (!stat || !stat.isFile()) return 'missing';
    if (stat.size !== part.sizeBytes || Math.round(stat.mtimeMs) !== part.mtimeMs) state = 'different';
  }
  return state;
}
