/** How the CLI words models: integrity, storage, settings, fit estimates, probes. */
import type { AppError } from '../shared/errors.js';
import type { FitEstimate, ModelInfo, ModelIntegrity, ModelSettings, ProbeResult } from '../shared/domain.js';
import { baseModelNote, isBaseModel } from '../shared/models.js';
import { formatBytes, formatParameterCount, formatTime, printFields, yesNo } from './output.js';

/** Enough of a SHA-256 to tell files apart at a glance; `models info` prints all of it. */
export function shortSha256(sha256: string): string {
  return sha256.slice(0, 12);
}

/** `ok`, or the problem in capitals so it stands out in a table. */
export function integrityLabel(integrity: ModelIntegrity): string {
  return integrity === 'ok' ? 'ok' : integrity.toUpperCase();
}

/** What the user can do about a model that is not `ok`. */
export function integrityAdvice(model: Pick<ModelInfo, 'id' | 'integrity' | 'path'>): string | null {
  if (model.integrity === 'changed') {
    return `its file changed since it was imported; it will not load until you run "enclave models accept ${model.id}"`;
  }
  if (model.integrity === 'missing') return `its file ${model.path} is missing; put it back, or "enclave models remove ${model.id}"`;
  return null;
}

/** Where the file lives and who owns it: only copies Enclave made are ever deleted by it. */
export function storageLabel(model: Pick<ModelInfo, 'storage'>): string {
  switch (model.storage) {
    case 'copied':
      return 'copied into the models folder';
    case 'linked':
      return 'linked in place (Enclave never deletes it)';
    case 'bundled':
      return 'bundled with Enclave';
  }
}

export function settingsText(settings: ModelSettings): string {
  return [
    `GPU layers ${settings.gpuLayers}`,
    `context ${settings.contextSize}`,
    `threads ${settings.threads}`,
    `batch ${settings.batchSize}`,
    `flash attention ${settings.flashAttention === 'auto' ? 'auto' : settings.flashAttention ? 'on' : 'off'}`,
    `chat template ${settings.chatTemplate}`,
    `thinking ${settings.thinking ? 'on' : 'off'}`,
  ].join(', ');
}

/** "fits, 1.2 GB of 6.1 GB RAM, 2048-token context, CPU only", then core's explanation. */
export function estimateText(estimate: FitEstimate): string {
  const placement =
    estimate.gpuLayers === 0
      ? 'CPU only'
      : `${estimate.gpuLayers} of ${estimate.totalLayers} layers on the GPU (${formatBytes(estimate.vramBytes)} of ${formatBytes(estimate.vramBudgetBytes)} VRAM)`;
  const summary = [
    estimate.fits ? 'fits' : 'DOES NOT FIT',
    `${formatBytes(estimate.ramBytes)} of ${formatBytes(estimate.ramBudgetBytes)} RAM`,
    `${estimate.contextSize}-token context`,
    placement,
  ].join(', ');
  return `${summary}\n${estimate.explanation}`;
}

export function probeText(probe: ProbeResult): string {
  return (
    `${probe.tokensPerSecond.toFixed(1)} tokens/s writing, ${probe.promptTokensPerSecond.toFixed(1)} tokens/s reading ` +
    `(${probe.threads} ${probe.threads === 1 ? 'thread' : 'threads'}, ${probe.gpuLayers} GPU layers, measured ${formatTime(probe.measuredAt)})`
  );
}

/** Everything `models info` knows about a model, one field a line. */
export function printModelDetails(model: ModelInfo, estimate: FitEstimate | null, estimateError: AppError | null): void {
  const advice = integrityAdvice(model);
  const adapters = model.adapters.map(
    (adapter) => `${adapter.id}  ${adapter.name}  scale ${adapter.scale}  ${formatBytes(adapter.sizeBytes)}  ${adapter.path}`,
  );
  printFields([
    ['Name', model.name],
    ['ID', model.id],
    ['File', model.parts.length > 1 ? `${model.path}\n${model.parts.slice(1).join('\n')}` : model.path],
    ['Size', `${formatBytes(model.sizeBytes)} (${model.sizeBytes} bytes${model.parts.length > 1 ? `, ${model.parts.length} parts` : ''})`],
    ['SHA-256', model.sha256],
    ['Architecture', model.architecture],
    ['Parameters', formatParameterCount(model.parameterCount)],
    ['Quantization', model.quantization],
    ['Trained context', model.contextLength === null ? 'unknown' : `${model.contextLength} tokens`],
    ['Chat template', isBaseModel(model) ? `no: a base model, ${baseModelNote}` : yesNo(model.hasChatTemplate)],
    ['License', model.license ?? 'not stated'],
    ['Storage', storageLabel(model)],
    ['Integrity', advice ? `${integrityLabel(model.integrity)}: ${advice}` : 'ok'],
    ['Imported', formatTime(model.importedAt)],
    ['Verified', model.verifiedAt === null ? 'never' : formatTime(model.verifiedAt)],
    ['Settings', settingsText(model.settings)],
    ['Adapters', adapters.length > 0 ? adapters.join('\n') : 'none'],
    ['Last probe', model.probe ? probeText(model.probe) : `none (run "enclave models probe ${model.id}")`],
    ['Fit', estimate ? estimateText(estimate) : `unknown: ${estimateError?.message ?? 'no estimate'}`],
  ]);
}
