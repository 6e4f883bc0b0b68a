import fs from 'node:fs/promises';
import path from 'node:path';
import { EnclaveError } from '../errors.js';
import { assertSupportedArchitecture, describeGgufModel, type GgufModelDescription } from './gguf/describeModel.js';
import { readGgufHeader } from './gguf/readGgufHeader.js';

/**
 * Everything Enclave checks about a model file before llama.cpp ever sees it: it exists, it is a
 * GGUF whose header and tensor table fit inside the file, and its architecture is one llama.cpp runs.
 */
export async function inspectModelFile(filePath: string): Promise<GgufModelDescription> {
  const stat = await fs.stat(filePath).catch((error: unknown) => {
    throw new EnclaveError(
      'model-file-missing',
      `The model file ${filePath} is missing or unreadable; it may have been moved or deleted.`,
      { cause: error },
    );
  });
  if (!stat.isFile()) {
    throw new EnclaveError('model-file-missing', `${filePath} is not a file.`);
  }
  const header = await readGgufHeader(filePath);
  const description = describeGgufModel(header, filePath, stat.size);
  assertSupportedArchitecture(description.architecture, path.basename(filePath));
  return description;
}
