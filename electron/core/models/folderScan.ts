import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { UnreadableModelFile } from '../../shared/domain.js';
import type { AuditTrail } from '../audit/auditTrail.js';
import { EnclaveError, toAppError } from '../errors.js';
import { isFirstPart, isSplitPartName } from '../llm/gguf/modelParts.js';
import { hashFiles } from '../files/hashing.js';
import { insertImportedModel, readImportableModel } from './importModels.js';
import * as repository from './store/models.js';
import { compareParts, statParts } from './partFiles.js';

export interface ModelFolder {
  path: string;
  location: 'bundled' | 'user';
}

interface RememberedFailure {
  sizeBytes: number;
  mtimeMs: number;
  entry: UnreadableModelFile;
}

/**
 * Keeps the registry in line with the models folders: files that vanished are flagged, new files are
 * validated, hashed and registered, and files that cannot be models are reported with why (and not
 * re-read or re-hashed until they change on disk).
 */
export class FolderScanner {
  /** Files that failed to register, by path. */
  private readonly failures = new Map<string, RememberedFailure>();

  constructor(
    private readonly db: Database,
    private readonly folders: readonly ModelFolder[],
    /** A model found in a folder joins the catalog as an import does, and is recorded as one. */
    private readonly audit: AuditTrail,
  ) {}

  /** The reason a folder file was refused, when `reference` names one (by id, file name or path). */
  refusalFor(reference: string): EnclaveError | undefined {
    const resolved = path.resolve(reference);
    for (const { entry } of this.failures.values()) {
      if (entry.id === reference || entry.fileName === reference || entry.path === resolved) {
        return new EnclaveError(entry.error.code, entry.error.message);
      }
    }
    return undefined;
  }

  async sync(): Promise<UnreadableModelFile[]> {
    const { db } = this;
    for (const stored of repository.listStoredModels(db)) {
      const state = await compareParts(stored.parts);
      if (state === 'missing' && stored.info.integrity !== 'missing') repository.setIntegrity(db, stored.info.id, 'missing');
      if (state === 'same' && stored.info.integrity === 'missing') repository.setIntegrity(db, stored.info.id, 'ok');
    }
    const unreadable: UnreadableModelFile[] = [];
    for (const folder of this.folders) {
      for (const fileName of await listModelFiles(folder.path)) {
        const filePath = path.resolve(folder.path, fileName);
        if (repository.findStoredModel(db, { path: filePath })) continue;
        const failure = await this.registerFolderFile(filePath, folder);
        if (failure) unreadable.push(failure);
      }
    }
    return unreadable;
  }

  private async registerFolderFile(filePath: string, folder: ModelFolder): Promise<UnreadableModelFile | null> {
    const stat = await fs.stat(filePath).catch(() => null);
    const remembered = this.failures.get(filePath);
    if (stat && remembered && remembered.sizeBytes === stat.size && remembered.mtimeMs === Math.round(stat.mtimeMs)) {
      return remembered.entry;
    }
    try {
      const { parts, description } = await readImportableModel(filePath);
      const paths = parts.map((part) => part.path);
      const sha256 = await hashFiles(paths, () => undefined);
      const existing = repository.findStoredModel(this.db, { sha256 });
      if (existing) {
        throw new EnclaveError('model-duplicate', `${path.basename(filePath)} is the same file as ${existing.info.name} (${existing.info.fileName}), which is already in the catalog.`);
      }
      const storage = folder.location === 'bundled' ? 'bundled' : 'copied';
      insertImportedModel({ db: this.db, audit: this.audit }, { sha256, parts: await statParts(paths), storage, description }, 'folder');
      this.failures.delete(filePath);
      return null;
    } catch (error) {
      const entry: UnreadableModelFile = {
        id: `unreadable-${createHash('sha256').update(filePath).digest('hex').slice(0, 16)}`,
        fileName: path.basename(filePath),
        path: filePath,
        error: toAppError(error),
      };
      if (stat) this.failures.set(filePath, { sizeBytes: stat.size, mtimeMs: Math.round(stat.mtimeMs), entry });
      return entry;
    }
  }
}

/** The .gguf files of a folder that stand for a model: whole files and the first part of split ones. */
async function listModelFiles(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
  return entries
    // Symbolic links count: IT may link one shared copy of a large model into each user's folder.
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && entry.name.toLowerCase().endsWith('.gguf'))
    .map((entry) => entry.name)
    .filter((name) => !isSplitPartName(name) || isFirstPart(name))
    .sort();
}
