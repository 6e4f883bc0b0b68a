import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EnclaveError } from '../errors.js';

/** Large reads: hashing and copying multi-gigabyte models is bound by the disk, not by calls. */
const chunkBytes = 4 * 1024 * 1024;

export type ByteProgress = (bytesDone: number) => void;

/** Counts bytes through the hash as they stream past, reporting progress. */
function hashingTap(hash: Hash, onBytes: (count: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      onBytes(chunk.length);
      callback(null, chunk);
    },
  });
}

/** SHA-256 over the files in order (the parts of a split model hash as one stream). */
export async function hashFiles(paths: readonly string[], onProgress: ByteProgress, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  let done = 0;
  for (const filePath of paths) {
    try {
      for await (const chunk of fs.createReadStream(filePath, { highWaterMark: chunkBytes, signal })) {
        hash.update(chunk as Buffer);
        onProgress((done += (chunk as Buffer).length));
      }
    } catch (error) {
      rethrowStreamError(error, filePath);
    }
  }
  return hash.digest('hex');
}

/**
 * Copies `source` to `target` while hashing it: one read of the file does both. The caller owns
 * `target` (a temporary name) and removes it when anything fails.
 */
export async function copyAndHash(
  source: string,
  target: string,
  hash: Hash,
  onBytes: (count: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  await pipeline(
    fs.createReadStream(source, { highWaterMark: chunkBytes }),
    hashingTap(hash, onBytes),
    fs.createWriteStream(target, { flags: 'wx' }),
    { signal },
  ).catch((error: unknown) => rethrowStreamError(error, source));
}

/** Turns stream failures into the messages a user can act on. */
export function rethrowStreamError(error: unknown, filePath: string): never {
  if (error instanceof EnclaveError) throw error;
  const code = (error as { code?: unknown }).code;
  if (code === 'ABORT_ERR' || (error as { name?: unknown }).name === 'AbortError') {
    throw new EnclaveError('import-cancelled', 'The import was cancelled; nothing was added.', { cause: error });
  }
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    throw new EnclaveError('disk-full', `The disk is full: ${filePath} could not be copied. Free some space, or import it linked in place instead of copied.`, { cause: error });
  }
  if (code === 'ENOENT') {
    throw new EnclaveError('model-file-missing', `${filePath} disappeared while it was being read.`, { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  throw new EnclaveError('io-error', `Could not read or write ${filePath}: ${detail}`, { cause: error });
}
