import fs from 'node:fs';
import path from 'node:path';
import { ensureOwnerOnlyDir, restrictToOwner } from './ownerOnly.js';

/**
 * Writes `file` owner-only and atomically: a crash (or a full disk) leaves the old file or the new one,
 * never a mix. The content is flushed to disk before the rename, and the rename before returning, so
 * a power cut right after cannot bring back the old content either.
 */
export function writeFileAtomic(file: string, content: string | Buffer): void {
  const dir = path.dirname(file);
  ensureOwnerOnlyDir(dir);
  const partial = `${file}.${process.pid}.partial`;
  try {
    const fd = fs.openSync(partial, 'w', 0o600);
    try {
      fs.writeFileSync(fd, content);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    // The mode above applies only when the file is created; a leftover partial keeps its own.
    restrictToOwner(partial);
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  syncFolder(dir);
}

/** Makes a rename inside `dir` durable. Windows has no directory handles to flush; its renames are journaled. */
export function syncFolder(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Flushes a file's content to disk. */
export function syncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
