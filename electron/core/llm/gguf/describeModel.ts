/** What a user wants to know about a model, taken from its GGUF header. */
import { basename } from 'node:path';
import { fileTypeName } from './ggmlTypes.js';
import { corruptModel } from './ggufErrors.js';
import type { GgufHeader, GgufMetadataValue } from './readGgufHeader.js';

export { assertSupportedArchitecture, supportedArchitectures } from './architectures.js';

export interface GgufModelDescription {
  /** `general.architecture`, e.g. "llama" or "qwen2". */
  architecture: string;
  /** `general.name`, or null when the file has none. */
  name: string | null;
  /** Number of weights, summed over all tensors. */
  parameterCount: number;
  /** Quantization as people name it ("Q4_K_M", "F16"), from `general.file_type` or the dominant tensor type. */
  quantization: string;
  /** `<architecture>.context_length`: the longest context the model was trained for. */
  contextLength: number | null;
  /** `<architecture>.embedding_length`: the hidden size. */
  embeddingLength: number | null;
  /** `<architecture>.block_count`: the number of layers. */
  blockCount: number | null;
  /** `tokenizer.chat_template`, the Jinja template that formats a conversation; null when absent. */
  chatTemplate: string | null;
  /** `general.license`, e.g. "apache-2.0"; null when absent. */
  license: string | null;
  sizeBytes: number;
}

export function describeGgufModel(header: GgufHeader, filePath: string, sizeBytes: number): GgufModelDescription {
  const architecture = stringValue(header.metadata.get('general.architecture'));
  if (architecture === null || architecture.length === 0) {
    throw corruptModel(basename(filePath), 'its header does not say which model architecture it uses');
  }
  const metadata = header.metadata;
  return {
    architecture,
    name: stringValue(metadata.get('general.name')),
    parameterCount: header.tensors.reduce((sum, tensor) => sum + tensor.elementCount, 0),
    quantization: quantizationOf(header),
    contextLength: countValue(metadata.get(`${architecture}.context_length`)),
    embeddingLength: countValue(metadata.get(`${architecture}.embedding_length`)),
    blockCount: countValue(metadata.get(`${architecture}.block_count`)),
    chatTemplate: stringValue(metadata.get('tokenizer.chat_template')),
    license: stringValue(metadata.get('general.license')),
    sizeBytes,
  };
}

function quantizationOf(header: GgufHeader): string {
  const fileType = countValue(header.metadata.get('general.file_type'));
  const named = fileType === null ? undefined : fileTypeName(fileType);
  if (named !== undefined) return named;
  // No (known) file type: name the type that holds most of the weight bytes, ignoring 1-D norms.
  const bytesByType = new Map<string, number>();
  for (const tensor of header.tensors) {
    if (tensor.dims.filter((dim) => dim > 1).length < 2) continue;
    bytesByType.set(tensor.type.name, (bytesByType.get(tensor.type.name) ?? 0) + tensor.byteSize);
  }
  let dominant = 'unknown';
  let mostBytes = -1;
  for (const [type, bytes] of bytesByType) {
    if (bytes > mostBytes) {
      dominant = type;
      mostBytes = bytes;
    }
  }
  return dominant;
}

function stringValue(value: GgufMetadataValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}

/** A non-negative whole number stored in any integer type. */
function countValue(value: GgufMetadataValue | undefined): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}
