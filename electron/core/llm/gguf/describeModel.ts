/** What a user wants to know about a model, taken from its GGUF header. */
import { basename } from 'node:path';
import { z } from 'zod';
import type { ModelPurpose } from '../../../shared/models.js';
import { fileTypeName } from './ggmlTypes.js';
import { corruptModel } from './ggufErrors.js';
import type { GgufHeader, GgufMetadataValue } from './readGgufHeader.js';

export { assertSupportedArchitecture, supportedArchitectures } from './architectures.js';

/** What the catalog stores of a model's header (as JSON, so read back through this schema). */
export const ggufModelDescriptionSchema = z.object({
  /** `general.architecture`, e.g. "llama" or "qwen2". */
  architecture: z.string(),
  /** `general.name`, or null when the file has none. */
  name: z.string().nullable(),
  /** Number of weights, summed over all tensors. */
  parameterCount: z.number(),
  /** Quantization as people name it ("Q4_K_M", "F16"), from `general.file_type` or the dominant tensor type. */
  quantization: z.string(),
  /** `<architecture>.context_length`: the longest context the model was trained for. */
  contextLength: z.number().nullable(),
  /** `<architecture>.embedding_length`: the hidden size. */
  embeddingLength: z.number().nullable(),
  /** `<architecture>.block_count`: the number of layers. */
  blockCount: z.number().nullable(),
  /** `tokenizer.chat_template`, the Jinja template that formats a conversation; null when absent. */
  chatTemplate: z.string().nullable(),
  /**
   * `<architecture>.pooling_type`: set (above 0) only by embedding models, which turn text into vectors
   * and cannot chat. Optional: descriptions stored before it was read lack it.
   */
  poolingType: z.number().nullable().optional(),
  /** `general.license`, e.g. "apache-2.0"; null when absent. */
  license: z.string().nullable(),
  sizeBytes: z.number(),
});
export type GgufModelDescription = z.infer<typeof ggufModelDescriptionSchema>;

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
    poolingType: countValue(metadata.get(`${architecture}.pooling_type`)),
    license: stringValue(metadata.get('general.license')),
    sizeBytes,
  };
}

/** Architectures llama.cpp runs as encoders only: they embed text and have no way to write a reply. */
const embeddingArchitectures: ReadonlySet<string> = new Set([
  'bert', 'eurobert', 'gemma-embedding', 'jina-bert-v2', 'jina-bert-v3', 'llama-embed', 'modern-bert', 'neo-bert',
  'nomic-bert', 'nomic-bert-moe', 't5encoder',
]);

/**
 * Whether a model is for chatting or for embedding: an encoder architecture, or a pooling type in the
 * header (how an embedding model such as Qwen3-Embedding, a decoder, says it returns one vector per text).
 */
export function modelPurpose(description: Pick<GgufModelDescription, 'architecture' | 'poolingType'>): ModelPurpose {
  const pooled = (description.poolingType ?? 0) > 0;
  return pooled || embeddingArchitectures.has(description.architecture) ? 'embedding' : 'chat';
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
