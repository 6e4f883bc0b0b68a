import fs from 'node:fs';
import path from 'node:path';
import { defaultModelSettings, type ModelInfo } from '../../electron/shared/domain.js';

/**
 * A catalog entry for a GGUF file a benchmark loads straight from disk, without importing it: the
 * fields the model host reads are real (path, size, threads), the catalog's own (hash, dates) are blanks.
 */
export function benchModelInfo(id: string, modelPath: string, threads: number): ModelInfo {
  return {
    id,
    name: id,
    fileName: path.basename(modelPath),
    path: modelPath,
    parts: [modelPath],
    sizeBytes: fs.statSync(modelPath).size,
    sha256: '0'.repeat(64),
    architecture: 'llama',
    parameterCount: 0,
    quantization: 'F16',
    contextLength: 512,
    hasChatTemplate: false,
    purpose: 'embedding',
    license: null,
    storage: 'copied',
    integrity: 'ok',
    importedAt: 0,
    verifiedAt: null,
    settings: { ...defaultModelSettings, threads },
    adapters: [],
    probe: null,
  };
}
