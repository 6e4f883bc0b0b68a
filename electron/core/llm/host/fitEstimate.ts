import fs from 'node:fs/promises';
import path from 'node:path';
import { GgufInsights, type Llama, readGgufFileInfo } from 'node-llama-cpp';
import type { FitEstimate } from '../../../shared/domain.js';
import { EnclaveError } from '../../errors.js';
import type { ModelRunOptions } from './protocol.js';
import { defaultSequencesPerModel } from './sequencePool.js';

/** The smallest context `auto` tries: below this a chat barely holds a system prompt and one turn. */
export const smallestAutoContext = 512;
/** Where `auto` starts for a model that does not say what it was trained on, with no cap set. */
const unknownTrainedContext = 4096;

/** Where the memory for a model can come from, in bytes. */
export interface MemoryBudget {
  ramBytes: number;
  vramBytes: number;
}

/**
 * Estimates the RAM and VRAM `options` would take, from the GGUF header and llama.cpp's own
 * accounting, without loading the weights. With `contextSize: 'auto'` it tries the trained context
 * (capped by `contextCap`), then halves it down to 512 tokens, and settles on the largest that fits.
 */
/** Parsed headers by path, size and time: an estimate and the load right after it read the file once. */
const fileInfoCache = new Map<string, ReturnType<typeof readGgufFileInfo>>();
const fileInfoCacheLimit = 16;

export async function readFileInfoCached(modelPath: string): ReturnType<typeof readGgufFileInfo> {
  const stat = await fs.stat(modelPath);
  const key = `${modelPath}\0${stat.size}\0${stat.mtimeMs}`;
  let info = fileInfoCache.get(key);
  if (!info) {
    info = readGgufFileInfo(modelPath);
    info.catch(() => fileInfoCache.delete(key));
    fileInfoCache.set(key, info);
    if (fileInfoCache.size > fileInfoCacheLimit) {
      const oldest = fileInfoCache.keys().next();
      if (!oldest.done) fileInfoCache.delete(oldest.value);
    }
  }
  return info;
}

export async function estimateFit(llama: Llama, options: ModelRunOptions, budget: MemoryBudget): Promise<FitEstimate> {
  const insights = await GgufInsights.from(await readFileInfoCached(options.modelPath), llama);
  const gpuLayers = await resolveGpuLayers(llama, insights, options.gpuLayers, budget.vramBytes);
  const candidates =
    options.contextSize === 'auto' ? contextCandidates(insights.trainContextSize, options.contextCap) : [options.contextSize];
  const modelNeeds = await insights.estimateModelResourceRequirementsV2({ gpuLayers });
  const adapterBytes = await totalFileSize(options.adapters.map((adapter) => adapter.filePath));

  let first: Needs | undefined;
  let chosen: Needs | undefined;
  for (const contextSize of candidates) {
    const contextNeeds = await insights.estimateContextResourceRequirementsV2({
      contextSize,
      sequences: options.sequences ?? defaultSequencesPerModel,
      modelGpuLayers: gpuLayers,
      // `auto` is estimated as off: flash attention only ever needs less memory, so the fit stays safe.
      flashAttention: options.flashAttention === true,
      ...(options.batchSize === 'auto' ? {} : { batchSize: options.batchSize }),
    });
    // LoRA weights are read into memory next to the model's; their file size is a fair measure.
    const needs: Needs = {
      contextSize,
      ramBytes: modelNeeds.cpuRam + contextNeeds.cpuRam + adapterBytes,
      vramBytes: modelNeeds.gpuVram + contextNeeds.gpuVram,
    };
    first ??= needs;
    chosen = needs;
    if (fitsIn(needs, budget)) break;
  }
  if (!chosen || !first) throw new EnclaveError('internal', 'No context size to estimate.');

  const estimate = {
    modelId: options.modelId,
    fits: fitsIn(chosen, budget),
    gpuLayers,
    totalLayers: insights.totalLayers,
    contextSize: chosen.contextSize,
    ramBytes: chosen.ramBytes,
    vramBytes: chosen.vramBytes,
    ramBudgetBytes: budget.ramBytes,
    vramBudgetBytes: budget.vramBytes,
  };
  return { ...estimate, explanation: explain(estimate, options, options.contextSize === 'auto' ? first : undefined) };
}

/** The refusal a load gives for an estimate that does not fit: the same numbers, said for a file, and the same advice as the estimate. */
export function tooLargeError(estimate: FitEstimate, options: ModelRunOptions): EnclaveError {
  const fileName = path.basename(options.modelPath);
  const context = `a ${formatCount(estimate.contextSize)}-token context`;
  const advice = fitAdvice(estimate, options);
  if (estimate.ramBytes > estimate.ramBudgetBytes) {
    return new EnclaveError(
      'model-too-large',
      `${fileName} needs about ${formatBytes(estimate.ramBytes)} of memory with ${context}, ` +
        `but only ${formatBytes(estimate.ramBudgetBytes)} is available. ${advice}`,
    );
  }
  return new EnclaveError(
    'model-too-large',
    `${fileName} needs about ${formatBytes(estimate.vramBytes)} of GPU memory for ${estimate.gpuLayers} layers with ${context}, ` +
      `but only ${formatBytes(estimate.vramBudgetBytes)} is free. ${advice}`,
  );
}

/**
 * The one piece of advice for a model that does not fit, shared by the estimate shown before loading
 * and the refusal a load gives, so the two never disagree. It names only what the user can change:
 * the context when they fixed one (auto already tried down to 512 tokens), the memory budget when
 * they set one in Settings, otherwise the model itself; for VRAM, the GPU layers.
 */
export function fitAdvice(
  estimate: Pick<FitEstimate, 'ramBytes' | 'ramBudgetBytes'>,
  options: Pick<ModelRunOptions, 'contextSize' | 'memoryBudgetBytes'>,
): string {
  if (estimate.ramBytes <= estimate.ramBudgetBytes) return 'Try fewer GPU layers, or set them to auto.';
  const smaller = options.contextSize === 'auto' ? 'a smaller quantisation or a smaller model' : 'a smaller context, a smaller quantisation or a smaller model';
  const room = options.memoryBudgetBytes === null ? 'close other programs' : 'raise the memory budget in Settings';
  return `Try ${smaller}, or ${room}.`;
}

/**
 * The trained context (or the cap when smaller), halved down to 512. A model that does not say what
 * it was trained on starts from the cap, or from 4,096 without one.
 */
export function contextCandidates(trainContextSize: number | undefined, cap: number | null): number[] {
  const trained = trainContextSize ?? cap ?? unknownTrainedContext;
  const largest = cap === null ? trained : Math.min(trained, cap);
  if (largest <= smallestAutoContext) return [largest];
  const candidates: number[] = [];
  for (let size = largest; size > smallestAutoContext; size = Math.floor(size / 2)) candidates.push(size);
  candidates.push(smallestAutoContext);
  return candidates;
}

interface Needs {
  contextSize: number;
  ramBytes: number;
  vramBytes: number;
}

function fitsIn(needs: Needs, budget: MemoryBudget): boolean {
  return needs.ramBytes <= budget.ramBytes && (needs.vramBytes === 0 || needs.vramBytes <= budget.vramBytes);
}

async function resolveGpuLayers(
  llama: Llama,
  insights: GgufInsights,
  requested: ModelRunOptions['gpuLayers'],
  vramFreeBytes: number,
): Promise<number> {
  if (llama.gpu === false || !llama.supportsGpuOffloading) return 0;
  if (requested !== 'auto') return Math.min(requested, insights.totalLayers);
  // The same resolution llama.loadModel does for `gpuLayers: 'auto'`, against the VRAM free now.
  const resolved = await insights.configurationResolver
    .resolveModelGpuLayersV2('auto', {
      getVramState: () => Promise.resolve({ total: vramFreeBytes, free: vramFreeBytes }),
    })
    .catch(() => ({ gpuLayers: 0 }));
  return resolved.gpuLayers;
}

async function totalFileSize(filePaths: readonly string[]): Promise<number> {
  let total = 0;
  for (const filePath of filePaths) {
    const stat = await fs.stat(filePath).catch((error: unknown) => {
      throw new EnclaveError(
        'model-file-missing',
        `The adapter file ${filePath} is missing or unreadable; it may have been moved or deleted.`,
        { cause: error },
      );
    });
    total += stat.size;
  }
  return total;
}

function explain(estimate: Omit<FitEstimate, 'explanation'>, options: ModelRunOptions, autoLargest: Needs | undefined): string {
  const context = `${formatCount(estimate.contextSize)}-token context`;
  if (!estimate.fits) {
    const advice = fitAdvice(estimate, options);
    if (estimate.ramBytes > estimate.ramBudgetBytes) {
      return (
        `Does not fit: needs about ${formatBytes(estimate.ramBytes)} of RAM with a ${context}; ` +
        `${formatBytes(estimate.ramBudgetBytes)} is available. ${advice}`
      );
    }
    return (
      `Does not fit: needs about ${formatBytes(estimate.vramBytes)} of VRAM for ${estimate.gpuLayers} GPU layers with a ${context}; ` +
      `${formatBytes(estimate.vramBudgetBytes)} is free. ${advice}`
    );
  }
  const placement =
    estimate.gpuLayers > 0 ? `${estimate.gpuLayers} of ${estimate.totalLayers} layers on the GPU` : 'on the CPU only';
  const memory =
    estimate.vramBytes > 0
      ? `about ${formatBytes(estimate.ramBytes)} of RAM and ${formatBytes(estimate.vramBytes)} of VRAM`
      : `about ${formatBytes(estimate.ramBytes)} of RAM`;
  const sentence = `Fits: ${placement}, ${context}, ${memory}.`;
  if (!autoLargest || autoLargest.contextSize === estimate.contextSize) return sentence;
  const vram = autoLargest.vramBytes > 0 ? ` and ${formatBytes(autoLargest.vramBytes)} of VRAM` : '';
  return `${sentence} A ${formatCount(autoLargest.contextSize)}-token context would not fit: it needs about ${formatBytes(autoLargest.ramBytes)} of RAM${vram}.`;
}

function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 10 * 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(0)} MB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}
