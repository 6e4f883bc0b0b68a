import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { documentExtensions } from '../../shared/documents.js';

const supported = new Set<string>(documentExtensions);

export function isSupportedDocumentPath(filePath: string): boolean {
  return supported.has(path.extname(filePath).slice(1).toLowerCase());
}

/**
 * Files to import from what the user picked or dropped: a folder stands for every supported file
 * under it (hidden files and folders skipped, in path order); a file is taken as is, whatever its
 * extension, so an unsupported or missing one is reported by name instead of vanishing silently.
 */
export async function expandDocumentPaths(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    const info = await stat(given).catch(() => null);
    if (!info?.isDirectory()) {
      files.push(given);
      continue;
    }
    const entries = await readdir(given, { recursive: true, withFileTypes: true });
    const found = entries
      .filter((entry) => entry.isFile() && isSupportedDocumentPath(entry.name))
      .map((entry) => path.join(entry.parentPath, entry.name))
      .filter((file) => !path.relative(given, file).split(path.sep).some((part) => part.startsWith('.')))
      .sort();
    files.push(...found);
  }
  return [...new Set(files)];
}
