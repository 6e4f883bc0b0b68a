import path from 'node:path';
import { EnclaveError } from '../../errors.js';
import { assertAdapterMatchesBase, describeAdapter } from '../gguf/adapters.js';
import { readModelParts } from '../gguf/modelParts.js';
import { readGgufHeader } from '../gguf/readGgufHeader.js';
import type { AdapterOptions } from './protocol.js';

/**
 * Checks every adapter against the base model's tensors before llama.cpp attaches it: a mismatch there
 * is only "failed to apply lora adapter" in its log, and a badly typed adapter can abort the process.
 * The files are read again at every load because they may have changed since they were attached.
 */
export async function checkAdapters(modelPath: string, adapters: readonly AdapterOptions[]): Promise<void> {
  if (adapters.length === 0) return;
  const base = await readModelParts(modelPath);
  const baseName = path.basename(modelPath);
  for (const adapter of adapters) {
    const header = await readGgufHeader(adapter.filePath).catch((error: unknown) => {
      if (error instanceof EnclaveError && error.code === 'model-file-missing') {
        throw new EnclaveError(
          'model-file-missing',
          `The adapter file ${adapter.filePath} is missing or unreadable; it may have been moved or deleted. ` +
            `Remove the adapter from ${baseName}, or put the file back.`,
          { cause: error },
        );
      }
      throw error;
    });
    describeAdapter(header, adapter.filePath, header.fileSize);
    assertAdapterMatchesBase(
      header,
      base.parts.map((part) => part.header),
      adapter.filePath,
      baseName,
    );
  }
}
