import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ChannelPayload } from '../../shared/contract.js';
import type { ImportProgress, ImportResult, ModelStorage } from '../../shared/domain.js';
import type { AuditTrail } from '../audit/auditTrail.js';
import { EnclaveError, toAppError } from '../errors.js';
import { isLoraAdapter } from '../llm/gguf/adapters.js';
import { assertSupportedArchitecture } from '../llm/gguf/describeModel.js';
import { findModelParts, isSplitPartName, type ModelParts, readModelParts } from '../llm/gguf/modelParts.js';
import { copyAndHash, hashFiles } from '../files/hashing.js';
import { findStoredModel, insertModel, type NewModel, type StoredModel } from './store/models.js';
import { modelImportedDetails } from './modelAudit.js';
import { statParts } from './partFiles.js';

/** Copy the file into Enclave's models folder, or link to it where it is. */
export type ImportMode = ChannelPayload<'models.importPaths'>['mode'];

export interface ImportContext {
  db: Database;
  /** Each model that joins the catalog is recorded here. */
  audit: AuditTrail;
  userModelsDir: string;
  importId: string;
  signal: AbortSignal;
  onProgress: (progress: ImportProgress) => void;
}

/** At most this often a progress event per file: enough for a smooth bar, cheap over IPC. */
const progressIntervalMs = 100;

/**
 * Imports every model named by `paths` (files, split-model parts, or folders of them): each is
 * validated from its header, hashed while it streams, checked against the catalog for a duplicate,
 * and then either copied into the user models folder or registered where it is. A failure in one
 * model never stops the others; cancelling stops the batch and leaves no partial file behind.
 */
export async function importModels(paths: readonly string[], mode: ImportMode, context: ImportContext): Promise<ImportResult> {
  const result: ImportResult = { imported: [], duplicates: [], failed: [], cancelled: false };
  for (const firstPart of await expandToModels(paths, result)) {
    if (context.signal.aborted) {
      result.cancelled = true;
      break;
    }
    try {
      const outcome = await importOne(firstPart, mode, context);
      if ('duplicateOf' in outcome) result.duplicates.push({ fileName: path.basename(firstPart), existingModelId: outcome.duplicateOf });
      else result.imported.push(outcome.model.info);
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'import-cancelled') {
        result.cancelled = true;
        break;
      }
      result.failed.push({ fileName: path.basename(firstPart), error: appError });
    }
  }
  return result;
}

/** Folders become their .gguf files; any part of a split model becomes that model's first part. */
async function expandToModels(paths: readonly string[], result: ImportResult): Promise<string[]> {
  const models = new Set<string>();
  for (const given of paths) {
    const stat = await fs.stat(given).catch(() => null);
    if (!stat) {
      result.failed.push({
        fileName: path.basename(given),
        error: { code: 'model-file-missing', message: `${given} does not exist or cannot be read.` },
      });
      continue;
    }
    const files = stat.isDirectory()
      ? // Regular files only: a symlink in a granted folder would reach outside it.
        (await fs.readdir(given, { withFileTypes: true }))
          .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.gguf'))
          .map((entry) => path.join(given, entry.name))
          .sort()
      : [given];
    if (files.length === 0) {
      // A folder, even one named like a model file, with nothing to import in it: say so rather than nothing.
      result.failed.push({
        fileName: path.basename(given),
        error: { code: 'model-not-gguf', message: `${path.basename(given)} is a folder with no .gguf model files in it.` },
      });
      continue;
    }
    for (const file of files) {
      try {
        models.add(path.resolve(isSplitPartName(path.basename(file)) ? ((await findModelParts(file))[0] ?? file) : file));
      } catch (error) {
        result.failed.push({ fileName: path.basename(file), error: toAppError(error) });
      }
    }
  }
  return [...models];
}

type ImportOutcome = { model: StoredModel } | { duplicateOf: string };

/**
 * Reads and checks every part of a model before anything is hashed or copied: a GGUF whose tensors lie
 * inside its files, of an architecture llama.cpp runs, and a model rather than a LoRA adapter.
 */
export async function readImportableModel(filePath: string): Promise<ModelParts> {
  const model = await readModelParts(filePath);
  const first = model.parts[0];
  if (first && isLoraAdapter(first.header)) {
    throw new EnclaveError(
      'model-corrupt',
      `${path.basename(filePath)} is a LoRA adapter, not a model. Attach it to its base model in the model's details instead.`,
    );
  }
  assertSupportedArchitecture(model.description.architecture, path.basename(filePath));
  if (model.parts.every((part) => part.header.tensors.length === 0)) {
    throw new EnclaveError('model-corrupt', `${path.basename(filePath)} holds no tensors (no weights): it is a GGUF file, but not a model that can run.`);
  }
  return model;
}

async function importOne(firstPart: string, mode: ImportMode, context: ImportContext): Promise<ImportOutcome> {
  const { parts, description } = await readImportableModel(firstPart);
  const sources = parts.map((part) => part.path);
  const alreadyInFolder = sources.every((source) => path.dirname(source) === path.resolve(context.userModelsDir));
  if (mode === 'link' || alreadyInFolder) {
    const storage: ModelStorage = alreadyInFolder ? 'copied' : 'linked';
    const sha256 = await hashFiles(sources, reporter(context, firstPart, 'hashing', description.sizeBytes), context.signal);
    const existing = findStoredModel(context.db, { sha256 });
    if (existing) return { duplicateOf: existing.info.id };
    return { model: insertImportedModel(context, { sha256, parts: await statParts(sources), storage, description }, 'import') };
  }
  return copyIntoFolder(sources, description, context);
}

async function copyIntoFolder(
  sources: string[],
  description: Parameters<typeof insertModel>[1]['description'],
  context: ImportContext,
): Promise<ImportOutcome> {
  await fs.mkdir(context.userModelsDir, { recursive: true });
  // Each part with its name in the folder and the partial file it is copied to first.
  const copies = (await freeTargetNames(sources, context.userModelsDir)).map((copy) => ({
    ...copy,
    partial: `${copy.target}.partial-${context.importId}`,
  }));
  const partials = copies.map((copy) => copy.partial);
  const [first] = copies;
  if (!first) throw new EnclaveError('internal', 'A model to import has no files.');
  const hash = createHash('sha256');
  const report = reporter(context, first.source, 'copying', description.sizeBytes);
  let done = 0;
  try {
    for (const { source, partial } of copies) {
      await copyAndHash(source, partial, hash, (count) => report((done += count)), context.signal);
    }
    const sha256 = hash.digest('hex');
    const existing = findStoredModel(context.db, { sha256 });
    if (existing) {
      await removeAll(partials);
      return { duplicateOf: existing.info.id };
    }
    for (const { partial, target } of copies) await fs.rename(partial, target);
    const targets = copies.map((copy) => copy.target);
    return { model: insertImportedModel(context, { sha256, parts: await statParts(targets), storage: 'copied', description }, 'import') };
  } catch (error) {
    await removeAll(partials);
    throw error;
  }
}

/**
 * Adds a model to the catalog with its entry in the audit trail, in one transaction: imported by the
 * user (`import`), or found in a models folder (`folder`).
 */
export function insertImportedModel(context: Pick<ImportContext, 'db' | 'audit'>, model: NewModel, via: 'import' | 'folder'): StoredModel {
  return context.db.transaction(() => {
    const stored = insertModel(context.db, model);
    context.audit.record('model.imported', modelImportedDetails(stored.info, via));
    return stored;
  })();
}

/**
 * Names in the models folder that do not overwrite anything: "model.gguf", else "model (2).gguf".
 * The parts of a split model keep their "-0000i-of-0000n" endings so llama.cpp still finds them.
 */
async function freeTargetNames(sources: string[], folder: string): Promise<{ source: string; target: string }[]> {
  for (let attempt = 1; attempt < 1000; attempt++) {
    const named = sources.map((source) => ({ source, target: path.join(folder, withSuffix(path.basename(source), attempt)) }));
    const taken = await Promise.all(named.map(({ target }) => fs.access(target).then(() => true, () => false)));
    if (!taken.some(Boolean)) return named;
  }
  throw new EnclaveError('io-error', `Could not find a free file name in ${folder}.`);
}

function withSuffix(fileName: string, attempt: number): string {
  if (attempt === 1) return fileName;
  const match = /^(.*?)(-\d{5}-of-\d{5})?\.gguf$/i.exec(fileName);
  return `${match?.[1] ?? fileName} (${attempt})${match?.[2] ?? ''}.gguf`;
}

async function removeAll(files: string[]): Promise<void> {
  await Promise.all(files.map((file) => fs.rm(file, { force: true })));
}

function reporter(context: ImportContext, filePath: string, phase: ImportProgress['phase'], bytesTotal: number) {
  let lastSent = 0;
  return (bytesDone: number) => {
    const now = Date.now();
    if (now - lastSent < progressIntervalMs && bytesDone < bytesTotal) return;
    lastSent = now;
    context.onProgress({ importId: context.importId, fileName: path.basename(filePath), phase, bytesDone, bytesTotal });
  };
}
