import type { Stats } from 'node:fs';
import { stat } from 'node:fs/promises';

/** What a path names, for messages: "missing" when nothing (readable) is there. */
export type FileKind = 'file' | 'folder' | 'device' | 'pipe' | 'socket' | 'missing';

export async function fileKindOf(filePath: string): Promise<FileKind> {
  try {
    return kindOfStats(await stat(filePath));
  } catch {
    return 'missing';
  }
}

export function kindOfStats(stats: Stats): FileKind {
  if (stats.isFile()) return 'file';
  if (stats.isDirectory()) return 'folder';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'device';
  if (stats.isFIFO()) return 'pipe';
  return 'socket';
}

/**
 * Why `name` is not a file to read, in words: "zero is a device, not a file", never "not found" for
 * something that is there. Null for a regular file.
 */
export function notAFileReason(name: string, kind: FileKind): string | null {
  switch (kind) {
    case 'file':
      return null;
    case 'missing':
      return `${name} was not found. It may have been moved or deleted.`;
    case 'folder':
      return `${name} is a folder, not a file.`;
    case 'device':
      return `${name} is a device, not a file: Enclave reads only regular files.`;
    case 'pipe':
      return `${name} is a named pipe (FIFO), not a file: Enclave reads only regular files.`;
    case 'socket':
      return `${name} is a socket, not a file: Enclave reads only regular files.`;
  }
}
