import fs from 'node:fs/promises';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type {
  AdapterInfo,
  EnclaveEvent,
  ImportResult,
  ModelCatalog,
  ModelImportEvent,
  ModelInfo,
  ModelSettings,
  VerifyResult,
} from '../../shared/domain.js';
import type { Policy } from '../../shared/policy.js';
import type { AuditTrail } from '../audit/auditTrail.js';
import { EnclaveError, toAppError } from '../errors.js';
import { newId } from '../ids.js';
import type { Changes } from '../objects.js';
import { assertAdapterMatchesBase, describeAdapter } from '../llm/gguf/adapters.js';
import { readModelParts } from '../llm/gguf/modelParts.js';
import { readGgufHeader } from '../llm/gguf/readGgufHeader.js';
import { hashFiles } from '../files/hashing.js';
import { FolderScanner, type ModelFolder } from './folderScan.js';
import { importModels, type ImportMode, readImportableModel } from './importModels.js';
import { recordSettingChanges } from '../settings/settingChanges.js';
import { deleteAdapter, getAdapter, insertAdapter, updateAdapterScale } from './store/adapters.js';
import * as repository from './store/models.js';
import { modelVerifiedDetails } from './modelAudit.js';
import { ModelApprovalCheck } from './approvalCheck.js';
import { compareParts, statParts } from './partFiles.js';

export type { ModelFolder } from './folderScan.js';

export interface ModelRegistryDeps {
  db: Database;
  folders: readonly ModelFolder[];
  userModelsDir: string;
  emit: (event: EnclaveEvent) => void;
  /** What changes the catalog is recorded here: imports, checks, accepts, removals, adapters, settings. */
  audit: AuditTrail;
  /** The machine policy in force, read at each load: its `models` section says which files may load. */
  policy: () => Policy;
}

/**
 * The catalog of models: what was imported, what sits in the models folders, and whether each file
 * is still the one that was hashed. Every load goes through `resolveForLoad`, which refuses a file
 * that changed or vanished since import until the user accepts it.
 */
export class ModelRegistry {
  private readonly imports = new Map<string, AbortController>();
  private readonly scanner: FolderScanner;
  private readonly approval: ModelApprovalCheck;

  constructor(private readonly deps: ModelRegistryDeps) {
    this.scanner = new FolderScanner(deps.db, deps.folders, deps.audit);
    const bundled = deps.folders.filter((folder) => folder.location === 'bundled').map((folder) => folder.path);
    this.approval = new ModelApprovalCheck(deps.policy, bundled);
  }

  async list(): Promise<ModelCatalog> {
    const unreadable = await this.scanner.sync();
    const models = repository.listStoredModels(this.deps.db).map((model) => model.info);
    return {
      models,
      unapproved: this.approval.unapproved(models),
      unreadable,
      folders: this.deps.folders.map((folder) => folder.path),
    };
  }

  get(modelId: string): ModelInfo {
    return repository.getStoredModel(this.deps.db, modelId).info;
  }

  /**
   * Finds a model by id, file name, display name or path, and checks it may load: the file is
   * there, and (re-hashed if its size or time changed) still has the SHA-256 it was imported with.
   * A path to a .gguf outside the catalog (the CLI's `--model ./file.gguf`) is registered, linked.
   * Last, the machine policy's approved models (approvalCheck.ts): a file it does not approve never loads.
   */
  async resolveForLoad(reference: string): Promise<ModelInfo> {
    const stored = (await this.findByReference(reference)) ?? (await this.registerLinkedPath(reference));
    const { db } = this.deps;
    const { info } = stored;
    if (info.integrity === 'changed') throw changedError(info);
    const state = await compareParts(stored.parts);
    if (state === 'missing') {
      repository.setIntegrity(db, info.id, 'missing');
      throw new EnclaveError(
        'model-file-missing',
        `The file of ${info.name} (${info.path}) is missing; it may have been moved or deleted. Put it back, or remove the model and import it again.`,
      );
    }
    if (state === 'different' || info.integrity === 'missing') {
      const sha256 = await hashFiles(info.parts, () => undefined);
      if (sha256 !== info.sha256) {
        repository.setIntegrity(db, info.id, 'changed', Date.now());
        this.deps.emit({ type: 'models.changed' });
        throw changedError(info);
      }
      repository.updateModelFile(db, info.id, { sha256, parts: await statParts(info.parts), description: stored.description });
    }
    const model = this.get(info.id);
    await this.approval.assertMayLoad(model);
    return model;
  }

  /**
   * Deletes copies left half-written by an import that never finished (the process was killed). A
   * copy still being written by another Enclave process keeps its modification time fresh, so only
   * files untouched for a while are taken as abandoned.
   */
  async removeAbandonedCopies(now = Date.now(), abandonedAfterMs = 10 * 60 * 1000): Promise<string[]> {
    const folder = this.deps.userModelsDir;
    const names = await fs.readdir(folder).catch(() => [] as string[]);
    const removed: string[] = [];
    for (const name of names.filter((entry) => /\.gguf\.partial-[A-Za-z0-9]+$/.test(entry))) {
      const filePath = path.join(folder, name);
      const stat = await fs.stat(filePath).catch(() => null);
      if (!stat || now - stat.mtimeMs < abandonedAfterMs) continue;
      await fs.rm(filePath, { force: true });
      removed.push(filePath);
    }
    return removed;
  }

  /**
   * Imports models and settles with the result. `onEvent` hears the import's progress (each report
   * carries the import id `cancelImport` takes) and then its end with the same result, cancelled or not.
   */
  async importPaths(paths: readonly string[], mode: ImportMode, onEvent?: (event: ModelImportEvent) => void): Promise<ImportResult> {
    const importId = newId().slice(0, 16);
    const controller = new AbortController();
    this.imports.set(importId, controller);
    let result: ImportResult;
    try {
      result = await importModels(paths, mode, {
        db: this.deps.db,
        audit: this.deps.audit,
        userModelsDir: this.deps.userModelsDir,
        importId,
        signal: controller.signal,
        onProgress: (progress) => onEvent?.({ type: 'progress', progress }),
      });
    } finally {
      this.imports.delete(importId);
      this.deps.emit({ type: 'models.changed' });
    }
    onEvent?.({ type: 'end', importId, result });
    return result;
  }

  cancelImport(importId: string): boolean {
    const controller = this.imports.get(importId);
    controller?.abort();
    return controller !== undefined;
  }

  /**
   * Re-hashes one model, or all, and records whether each file is still what was imported: every
   * result at once, with one audit entry that counts them and names each model that is not `ok`.
   */
  async verify(modelId?: string): Promise<VerifyResult[]> {
    const { db } = this.deps;
    const models = modelId ? [repository.getStoredModel(db, modelId)] : repository.listStoredModels(db);
    const results: VerifyResult[] = [];
    for (const { info } of models) {
      const sha256 = await hashFiles(info.parts, () => undefined).catch(() => null);
      const integrity = sha256 === null ? 'missing' : sha256 === info.sha256 ? 'ok' : 'changed';
      results.push({ modelId: info.id, name: info.name, integrity, sha256 });
    }
    const verifiedAt = Date.now();
    db.transaction(() => {
      for (const result of results) repository.setIntegrity(db, result.modelId, result.integrity, verifiedAt);
      this.deps.audit.record('model.verified', modelVerifiedDetails(modelId ?? 'all', results));
      // A file no longer the one imported: each is an act of its own an auditor looks for.
      for (const { info } of models) {
        const found = results.find((result) => result.modelId === info.id);
        if (found?.integrity === 'changed') this.deps.audit.record('model.changed', { modelId: info.id, name: info.name, expectedSha256: info.sha256, foundSha256: found.sha256 });
      }
    })();
    this.deps.emit({ type: 'models.changed' });
    return results;
  }

  /** The user's word that a changed file is the one they want: re-validated, re-hashed, recorded. */
  async accept(modelId: string): Promise<ModelInfo> {
    const { info } = repository.getStoredModel(this.deps.db, modelId);
    const { parts, description } = await readImportableModel(info.path);
    const paths = parts.map((part) => part.path);
    const sha256 = await hashFiles(paths, () => undefined);
    const other = repository.findStoredModel(this.deps.db, { sha256 });
    if (other && other.info.id !== modelId) {
      throw new EnclaveError('model-duplicate', `${info.fileName} now has the same content as ${other.info.name}, which is already in the catalog.`);
    }
    const stored = await statParts(paths);
    this.deps.db.transaction(() => {
      repository.updateModelFile(this.deps.db, modelId, { sha256, parts: stored, description });
      const sizeBytes = stored.reduce((sum, part) => sum + part.sizeBytes, 0);
      this.deps.audit.record('model.accepted', { modelId, name: info.name, sha256, previousSha256: info.sha256, sizeBytes });
    })();
    this.deps.emit({ type: 'models.changed' });
    return this.get(modelId);
  }

  /**
   * Forgets a model. A copy in Enclave's own models folder is deleted with it (left there, the next
   * scan would register it again). Nothing outside that folder is ever deleted: a linked file is the
   * user's and stays where it is (`keptFile`). Files go first, then the row, so a scan in between
   * never finds a file without its row.
   */
  async remove(modelId: string): Promise<{ modelId: string; fileDeleted: boolean; keptFile: string | null }> {
    const { info } = repository.getStoredModel(this.deps.db, modelId);
    if (info.storage === 'bundled') {
      throw new EnclaveError('invalid-request', `${info.name} ships with Enclave in ${path.dirname(info.path)}; it can only be removed from that folder.`);
    }
    const fileDeleted = info.storage === 'copied' && info.parts.every((part) => isInsideFolder(this.deps.userModelsDir, part));
    if (fileDeleted) {
      await Promise.all(info.parts.map((part) => fs.rm(part, { force: true }))).catch((error: unknown) => {
        throw new EnclaveError('io-error', `Could not delete ${info.fileName}: ${toAppError(error).message}`, { cause: error });
      });
    }
    this.deps.db.transaction(() => {
      repository.deleteModel(this.deps.db, modelId);
      this.deps.audit.record('model.removed', { modelId, name: info.name, sha256: info.sha256, storage: info.storage, fileDeleted });
    })();
    this.deps.emit({ type: 'models.changed' });
    return { modelId, fileDeleted, keptFile: fileDeleted ? null : info.path };
  }

  updateSettings(modelId: string, settings: Changes<ModelSettings>): ModelInfo {
    const { db, audit } = this.deps;
    const model = db.transaction(() => {
      const before = repository.getStoredModel(db, modelId).info.settings;
      const after = repository.updateModelSettings(db, modelId, settings).info;
      recordSettingChanges(audit, before, after.settings, { modelId });
      return after;
    })();
    this.deps.emit({ type: 'models.changed' });
    return model;
  }

  /** Attaches a LoRA adapter after checking, from both headers, that it was made for this model. */
  async addAdapter(modelId: string, adapterPath: string, scale: number): Promise<AdapterInfo> {
    const { info } = repository.getStoredModel(this.deps.db, modelId);
    const fileName = path.basename(adapterPath);
    const stat = await fs.stat(adapterPath).catch(() => null);
    if (!stat?.isFile()) throw new EnclaveError('model-file-missing', `${adapterPath} does not exist or is not a file.`);
    const adapterHeader = await readGgufHeader(adapterPath);
    describeAdapter(adapterHeader, adapterPath, stat.size);
    // Every part's header: the tensors of a split base model are spread across its files.
    const baseHeaders = (await readModelParts(info.path)).parts.map((part) => part.header);
    assertAdapterMatchesBase(adapterHeader, baseHeaders, fileName, info.name);
    const sha256 = await hashFiles([adapterPath], () => undefined);
    if (info.adapters.some((adapter) => adapter.sha256 === sha256)) {
      throw new EnclaveError('model-duplicate', `${fileName} is already attached to ${info.name}.`);
    }
    const adapter = this.deps.db.transaction(() => {
      const attached = insertAdapter(this.deps.db, modelId, {
        name: fileName.replace(/\.gguf$/i, ''),
        path: path.resolve(adapterPath),
        sha256,
        sizeBytes: stat.size,
        scale,
      });
      this.deps.audit.record('adapter.attached', { modelId, adapterId: attached.id, sha256, sizeBytes: stat.size, name: attached.name, scale });
      return attached;
    })();
    this.deps.emit({ type: 'models.changed' });
    return adapter;
  }

  updateAdapter(modelId: string, adapterId: string, scale: number): AdapterInfo {
    const { db, audit } = this.deps;
    const adapter = db.transaction(() => {
      const before = getAdapter(db, modelId, adapterId);
      const after = updateAdapterScale(db, modelId, adapterId, scale);
      recordSettingChanges(audit, { scale: before.scale }, { scale: after.scale }, { modelId, adapterId });
      return after;
    })();
    this.deps.emit({ type: 'models.changed' });
    return adapter;
  }

  removeAdapter(modelId: string, adapterId: string): void {
    deleteAdapter(this.deps.db, modelId, adapterId);
    this.deps.emit({ type: 'models.changed' });
  }

  private async findByReference(reference: string): Promise<repository.StoredModel | undefined> {
    const { db } = this.deps;
    const byId = repository.findStoredModel(db, { id: reference });
    if (byId) return byId;
    await this.scanner.sync();
    const all = repository.listStoredModels(db);
    const resolved = path.resolve(reference);
    // A file the folders hold but that cannot be a model answers with the reason it was refused.
    const refusal = this.scanner.refusalFor(reference);
    if (refusal) throw refusal;
    return all.find(
      (model) =>
        model.info.fileName === reference || model.info.name === reference || model.info.path === resolved || model.info.parts.includes(resolved),
    );
  }

  private async registerLinkedPath(reference: string): Promise<repository.StoredModel> {
    const looksLikePath = reference.toLowerCase().endsWith('.gguf') || reference.includes('/') || reference.includes(path.sep);
    if (!looksLikePath) {
      throw new EnclaveError(
        'not-found',
        `The model "${reference}" is not in the catalog; it may have been removed. Pick another model, or import the file again.`,
      );
    }
    const result = await this.importPaths([reference], 'link');
    const failure = result.failed[0];
    if (failure) throw new EnclaveError(failure.error.code, failure.error.message);
    const id = result.imported[0]?.id ?? result.duplicates[0]?.existingModelId;
    if (!id) throw new EnclaveError('not-found', `${reference} could not be registered as a model.`);
    return repository.getStoredModel(this.deps.db, id);
  }
}

function isInsideFolder(folder: string, file: string): boolean {
  const relative = path.relative(path.resolve(folder), path.resolve(file));
  return relative !== '' && !relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative);
}

function changedError(info: ModelInfo): EnclaveError {
  return new EnclaveError(
    'model-changed',
    `${info.name} (${info.fileName}) changed since it was imported: its SHA-256 no longer matches. It will not load until you accept the new file (Models, or "models verify" then "models accept").`,
  );
}

