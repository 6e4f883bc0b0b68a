/**
 * LoRA adapters: what one is, and whether it fits a base model. llama.cpp checks the same things when an
 * adapter is attached, but every failure reaches us as "Failed to initialize LoRA adapter" (the reason only
 * in its log), and a wrongly typed `adapter.lora.alpha` aborts the whole process. So Enclave checks first,
 * with the rules of `llama_adapter_lora_init` in the bundled llama.cpp, and says what is wrong.
 */
import { basename } from 'node:path';
import { EnclaveError } from '../../errors.js';
import { corruptModel } from './ggufErrors.js';
import type { GgufHeader, GgufTensorInfo } from './readGgufHeader.js';

export interface GgufAdapterDescription {
  /** `general.architecture` of the models the adapter was trained for, e.g. "llama". */
  architecture: string;
  /** `general.name`, or null when the file has none. */
  name: string | null;
  /**
   * `adapter.lora.alpha`: the update is scaled by alpha / rank. Null when absent; llama.cpp then applies
   * the update without dividing by the rank.
   */
  alpha: number | null;
  tensorCount: number;
  /** The base model weights the adapter changes, e.g. `blk.0.attn_q.weight`, in file order. */
  targets: string[];
  sizeBytes: number;
}

/** The two low-rank factors an adapter holds for one base weight. */
interface LoraPair {
  target: string;
  /** `target.lora_a`: dims `[inputs, rank]` (for `token_embd.weight`: `[rank, vocabulary]`). */
  a: GgufTensorInfo;
  /** `target.lora_b`: dims `[rank, outputs]` (for `token_embd.weight`: `[rank, embedding]`). */
  b: GgufTensorInfo;
}

/** True when the header is marked as a LoRA adapter, e.g. to refuse one picked as a model. */
export function isLoraAdapter(header: GgufHeader): boolean {
  return header.metadata.get('general.type') === 'adapter' && header.metadata.get('adapter.type') === 'lora';
}

/**
 * Describes the LoRA adapter whose header is `header`. Throws `model-corrupt` when the file is not a LoRA
 * adapter (a model, another kind of adapter) or is one llama.cpp would refuse or crash on.
 */
export function describeAdapter(header: GgufHeader, filePath: string, sizeBytes: number): GgufAdapterDescription {
  const fileName = basename(filePath);
  const generalType = header.metadata.get('general.type');
  if (generalType !== 'adapter') {
    const isModel = generalType === undefined || generalType === 'model';
    throw new EnclaveError(
      'model-corrupt',
      isModel
        ? `${fileName} is a model, not a LoRA adapter. Import it as a model, or choose the adapter's .gguf file.`
        : `${fileName} is not a LoRA adapter: its general.type is ${JSON.stringify(generalType)}, ` +
          `but an adapter's is "adapter".`,
    );
  }
  const adapterType = header.metadata.get('adapter.type');
  if (adapterType !== 'lora') {
    throw new EnclaveError(
      'model-corrupt',
      `${fileName} is a ${JSON.stringify(adapterType ?? 'unknown')} adapter, not a LoRA adapter; ` +
        'Enclave can attach only LoRA adapters.',
    );
  }
  const architecture = architectureOf(header, fileName);
  const alphaType = header.metadataTypes.get('adapter.lora.alpha');
  const alpha = header.metadata.get('adapter.lora.alpha');
  if (alphaType !== undefined && (alphaType !== 'float32' || typeof alpha !== 'number')) {
    throw corruptModel(fileName, `adapter.lora.alpha is stored as ${alphaType}, but llama.cpp needs a float32`);
  }
  const name = header.metadata.get('general.name');
  return {
    architecture,
    name: typeof name === 'string' ? name : null,
    alpha: typeof alpha === 'number' ? alpha : null,
    tensorCount: header.tensors.length,
    targets: loraPairs(header, fileName).map((pair) => pair.target),
    sizeBytes,
  };
}

/**
 * Throws `adapter-mismatch` unless the adapter fits the base model: the same architecture, and every
 * weight it changes exists in the base with the shape the adapter was trained on. A damaged adapter is
 * `model-corrupt`.
 * @param baseHeaders the base model's header, or the headers of all its parts when it is split
 * @param baseName the base model as the user knows it, e.g. "Tiny Chat"
 */
export function assertAdapterMatchesBase(
  adapterHeader: GgufHeader,
  baseHeaders: GgufHeader | readonly GgufHeader[],
  adapterFileName: string,
  baseName: string,
): void {
  const fileName = basename(adapterFileName);
  const headers: readonly GgufHeader[] = Array.isArray(baseHeaders) ? baseHeaders : [baseHeaders as GgufHeader];
  const pairs = loraPairs(adapterHeader, fileName);
  const adapterArchitecture = architectureOf(adapterHeader, fileName);
  const baseArchitecture = headers[0]?.metadata.get('general.architecture');
  if (adapterArchitecture !== baseArchitecture) {
    const baseKind = typeof baseArchitecture === 'string' ? `a ${baseArchitecture}` : 'another kind of';
    throw mismatch(`${fileName} is a LoRA adapter for ${adapterArchitecture} models, but ${baseName} is ${baseKind} model.`);
  }
  const baseTensors = new Map(headers.flatMap((header) => header.tensors.map((tensor) => [tensor.name, tensor])));
  const forOtherModel = `${fileName} is a LoRA adapter for a different model:`;
  for (const { target, a, b } of pairs) {
    const base = baseTensors.get(target);
    if (!base) throw mismatch(`${forOtherModel} it changes ${target}, which ${baseName} does not have.`);
    const [baseInputs, baseOutputs] = [dim(base, 0), dim(base, 1)];
    const its = `${forOtherModel} its ${target}`;
    if (target === 'token_embd.weight') {
      // The embedding table is looked up, not multiplied: llama.cpp stores its factors the other way round.
      if (dim(b, 1) !== baseInputs) {
        throw mismatch(`${its} expects ${dim(b, 1)}-wide embeddings, but ${baseName} has ${baseInputs}.`);
      }
      if (dim(a, 1) !== baseOutputs) {
        throw mismatch(`${its} expects ${dim(a, 1)} tokens, but ${baseName} has ${baseOutputs}.`);
      }
      continue;
    }
    if (dim(a, 0) !== baseInputs) {
      throw mismatch(`${its} expects ${dim(a, 0)} inputs, but ${baseName} has ${baseInputs}.`);
    }
    if (dim(b, 1) !== baseOutputs) {
      throw mismatch(`${its} gives ${dim(b, 1)} outputs, but ${baseName}'s gives ${baseOutputs}.`);
    }
  }
}

function mismatch(message: string): EnclaveError {
  return new EnclaveError('adapter-mismatch', `${message} Attach it to the model it was trained for.`);
}

function architectureOf(header: GgufHeader, fileName: string): string {
  const architecture = header.metadata.get('general.architecture');
  if (typeof architecture !== 'string' || architecture.length === 0) {
    throw corruptModel(fileName, 'its header does not say which model architecture it is for');
  }
  return architecture;
}

/** Size of dimension `index`, 1 past the last (as in ggml's `ne`). */
function dim(tensor: GgufTensorInfo, index: number): number {
  return tensor.dims[index] ?? 1;
}

/**
 * Pairs every `X.lora_a` with its `X.lora_b`, checking what llama.cpp checks without the base model:
 * no tensor but the pairs (and norm weights, which it ignores), no half pair, matching ranks.
 */
function loraPairs(header: GgufHeader, fileName: string): LoraPair[] {
  const halves = new Map<string, { a?: GgufTensorInfo; b?: GgufTensorInfo }>();
  for (const tensor of header.tensors) {
    const match = /^(.+)\.lora_([ab])$/.exec(tensor.name);
    if (!match?.[1]) {
      if (tensor.name.endsWith('_norm.weight')) continue;
      throw corruptModel(fileName, `its tensor ${JSON.stringify(tensor.name)} is not part of a LoRA weight pair`);
    }
    const pair = halves.get(match[1]) ?? {};
    pair[match[2] === 'a' ? 'a' : 'b'] = tensor;
    halves.set(match[1], pair);
  }
  const pairs: LoraPair[] = [];
  for (const [target, { a, b }] of halves) {
    if (!a || !b) {
      throw corruptModel(fileName, `it has ${target}.lora_${a ? 'a' : 'b'} without ${target}.lora_${a ? 'b' : 'a'}`);
    }
    if (target !== 'token_embd.weight' && dim(a, 1) !== dim(b, 0)) {
      throw corruptModel(
        fileName,
        `${target}.lora_a has rank ${dim(a, 1)} but ${target}.lora_b has rank ${dim(b, 0)} ` +
          '(adapters from the old llama.cpp "finetune" example are stored this way and no longer work)',
      );
    }
    pairs.push({ target, a, b });
  }
  if (pairs.length === 0) throw corruptModel(fileName, 'it is marked as a LoRA adapter but holds no LoRA weights');
  return pairs;
}
