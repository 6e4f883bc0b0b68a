import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ModelCatalog, ModelInfo, UnreadableModelFile } from '../../shared/domain.js';
import { EnclaveError, toAppError } from '../errors.js';
import { inspectModelFile } from './modelFile.js';

export interface ModelFolder {
  path: string;
  location: ModelInfo['location'];
}

/** A stable id for a model file: the same path gives the same id in the app and the CLI. */
export function modelIdForPath(filePath: string): string {
  return createHash('sha256').update(path.resolve(filePath)).digest('hex').slice(0, 16);
}

/**
 * Lists the GGUF files in the models folders, reading only their headers, never the weights, so a
 * scan of many multi-gigabyte files stays fast. A file that cannot be read is listed with the reason.
 */
export async function scanModelFolders(folders: readonly ModelFolder[]): Promise<ModelCatalog> {
  const models: ModelInfo[] = [];
  const unreadable: UnreadableModelFile[] = [];
  for (const folder of folders) {
    for (const fileName of await listGgufFiles(folder.path)) {
      const filePath = path.join(folder.path, fileName);
      try {
        models.push(await describeModelFile(filePath, folder.location));
      } catch (error) {
        unreadable.push({ id: modelIdForPath(filePath), fileName, path: filePath, error: toAppError(error) });
      }
    }
  }
  models.sort((a, b) => a.name.localeCompare(b.name));
  return { models, unreadable, folders: folders.map((folder) => folder.path) };
}

export async function describeModelFile(filePath: string, location: ModelInfo['location']): Promise<ModelInfo> {
  const description = await inspectModelFile(filePath);
  return {
    id: modelIdForPath(filePath),
    name: description.name ?? path.basename(filePath, '.gguf'),
    fileName: path.basename(filePath),
    path: path.resolve(filePath),
    sizeBytes: description.sizeBytes,
    architecture: description.architecture,
    parameterCount: description.parameterCount,
    quantization: description.quantization,
    contextLength: description.contextLength,
    hasChatTemplate: description.chatTemplate !== null,
    license: description.license,
    location,
  };
}

/**
 * Finds a model by catalog id, file name, display name, or a path to a GGUF file (which need not be in
 * a models folder: the CLI's `--model ./file.gguf`).
 */
export async function resolveModel(folders: readonly ModelFolder[], reference: string): Promise<ModelInfo> {
  const catalog = await scanModelFolders(folders);
  const match = catalog.models.find(
    (model) => model.id === reference || model.fileName === reference || model.name === reference,
  );
  if (match) return match;
  const broken = catalog.unreadable.find(
    (file) => file.id === reference || file.fileName === reference || file.path === reference,
  );
  if (broken) throw new EnclaveError(broken.error.code, broken.error.message);
  if (reference.endsWith('.gguf') || reference.includes(path.sep)) {
    return describeModelFile(reference, 'user');
  }
  throw new EnclaveError(
    'not-found',
    `The model "${reference}" is not in ${catalog.folders.join(' or ')}; it may have been moved or deleted. Pick another model, or import the file again.`,
  );
}

/**
 * Copies a model into the user models folder: validated first, copied under a temporary name and
 * renamed, so a full disk or a cancelled copy never leaves half a model where the catalog looks.
 */
export async function addModelFile(sourcePath: string, userFolder: string): Promise<ModelInfo> {
  await inspectModelFile(sourcePath);
  await fs.mkdir(userFolder, { recursive: true });
  const target = path.join(userFolder, path.basename(sourcePath));
  if (path.resolve(sourcePath) === path.resolve(target)) return describeModelFile(target, 'user');
  if (await exists(target)) {
    throw new EnclaveError(
      'invalid-request',
      `A model named ${path.basename(target)} is already in ${userFolder}. Rename the file to add it as well.`,
    );
  }
  const partial = `${target}.partial-${process.pid}`;
  try {
    await fs.copyFile(sourcePath, partial);
    await fs.rename(partial, target);
  } catch (error) {
    await fs.rm(partial, { force: true });
    const detail = error instanceof Error ? error.message : String(error);
    throw new EnclaveError('io-error', `Could not copy ${path.basename(sourcePath)} into ${userFolder}: ${detail}`, {
      cause: error,
    });
  }
  return describeModelFile(target, 'user');
}

async function listGgufFiles(folder: string): Promise<string[]> {
  const entries = await fs.readdir(folder, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.gguf'))
    .map((entry) => entry.name)
    .sort();
}

async function exists(filePath: string): Promise<boolean> {
  return fs.access(filePath).then(
    () => true,
    () => false,
  );
}
