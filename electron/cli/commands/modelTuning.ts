import { toAppError } from '../../core/errors.js';
import { withoutUndefined } from '../../core/objects.js';
import { type ChatTemplateName, chatTemplateNameSchema, type FitEstimate, type ModelInfo, type ModelRecommendation, type ModelSettings } from '../../shared/domain.js';
import type { AppError } from '../../shared/errors.js';
import { autoOrInteger, expectOperands, onOff, onOffAuto, parseCommand } from '../args.js';
import { exitCodes, UsageError } from '../errors.js';
import { findModel } from '../modelReference.js';
import { estimateText, printModelDetails, probeText, settingsText } from '../modelText.js';
import { loadProgressLine, printJson } from '../output.js';
import { type Session, withSession } from '../session.js';
import { modelsUsage } from '../usage.js';
import type { CommandContext } from './context.js';

const jsonOption = { json: { type: 'boolean' } } as const;

/** A model with the fit estimate for its current settings; the estimate's failure is part of the answer. */
interface ModelWithEstimate {
  model: ModelInfo;
  estimate: FitEstimate | null;
  estimateError: AppError | null;
}

async function withEstimate(session: Session, model: ModelInfo): Promise<ModelWithEstimate> {
  try {
    return { model, estimate: await session.request('models.estimate', { modelId: model.id }), estimateError: null };
  } catch (error) {
    return { model, estimate: null, estimateError: toAppError(error) };
  }
}

/** `enclave models info <id>`: everything the catalog knows, and whether it fits this machine. */
export async function showModel(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, jsonOption, modelsUsage);
  const [reference = ''] = expectOperands(positionals, 1, 1, 'models info <id>', modelsUsage);
  const details = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, async (session) =>
    withEstimate(session, await findModel(session, reference)),
  );
  if (values.json) printJson(details);
  else printModelDetails(details.model, details.estimate, details.estimateError);
  return exitCodes.ok;
}

const settingOptions = {
  ...jsonOption,
  'gpu-layers': { type: 'string' },
  'context-size': { type: 'string' },
  threads: { type: 'string' },
  'batch-size': { type: 'string' },
  'flash-attention': { type: 'string' },
  'chat-template': { type: 'string' },
  thinking: { type: 'string' },
} as const;

/** `enclave models set <id> --context-size 4096 ...`: per-model overrides, remembered; prints the new fit. */
export async function setModel(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, settingOptions, modelsUsage);
  const [reference = ''] = expectOperands(positionals, 1, 1, 'models set <id> [options]', modelsUsage);
  // Only the settings the user gave: the others keep their stored values.
  const settings: Partial<ModelSettings> = withoutUndefined({
    gpuLayers: autoOrInteger('gpu-layers', values['gpu-layers'], modelsUsage, 0),
    contextSize: autoOrInteger('context-size', values['context-size'], modelsUsage),
    threads: autoOrInteger('threads', values.threads, modelsUsage),
    batchSize: autoOrInteger('batch-size', values['batch-size'], modelsUsage),
    flashAttention: onOffAuto('flash-attention', values['flash-attention'], modelsUsage),
    chatTemplate: chatTemplateChoice(values['chat-template']),
    thinking: onOff('thinking', values.thinking, modelsUsage),
  });
  if (Object.keys(settings).length === 0) {
    throw new UsageError('nothing to set: give --gpu-layers, --context-size, --threads, --batch-size, --flash-attention, --chat-template or --thinking', modelsUsage);
  }
  const details = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, async (session) => {
    const { id } = await findModel(session, reference);
    return withEstimate(session, await session.request('models.updateSettings', { modelId: id, settings }));
  });
  if (values.json) {
    printJson(details);
    return exitCodes.ok;
  }
  const { model, estimate, estimateError } = details;
  process.stdout.write(`Settings of ${model.name} (${model.id}): ${settingsText(model.settings)}\n`);
  process.stdout.write(`Fit: ${estimate ? estimateText(estimate) : `unknown: ${estimateError?.message ?? 'no estimate'}`}\n`);
  return exitCodes.ok;
}

/** A `--chat-template` name (`chatTemplateNames`), or a usage error that lists them. */
function chatTemplateChoice(raw: string | undefined): ChatTemplateName | undefined {
  if (raw === undefined) return undefined;
  const parsed = chatTemplateNameSchema.safeParse(raw.trim().toLowerCase());
  if (!parsed.success) throw new UsageError(`--chat-template: ${parsed.error.issues[0]?.message ?? 'unknown name'}`, modelsUsage);
  return parsed.data;
}

/** `enclave models probe <id>`: loads the model and measures its speed here; remembered for recommendations. */
export async function probeModel(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, jsonOption, modelsUsage);
  const [reference = ''] = expectOperands(positionals, 1, 1, 'models probe <id>', modelsUsage);
  const { model, probe } = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, async (session) => {
    const found = await findModel(session, reference);
    const progress = loadProgressLine(found.name);
    const unsubscribe = session.core.subscribe((event) => {
      if (event.type === 'model.loading' && event.modelId === found.id) progress.update(event.progress);
    });
    try {
      progress.update(0);
      return { model: found, probe: await session.request('models.probe', { modelId: found.id }) };
    } finally {
      unsubscribe();
      progress.clear();
    }
  });
  if (values.json) printJson(probe);
  else process.stdout.write(`${model.name} (${model.id}): ${probeText(probe)}\n`);
  return exitCodes.ok;
}

/** `enclave models recommend`: which models run well here, best first, each with its reason. */
export async function recommendModels(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, jsonOption, modelsUsage);
  expectOperands(positionals, 0, 0, 'models recommend', modelsUsage);
  const recommendations = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, (session) =>
    session.request('models.recommendations', {}),
  );
  if (values.json) printJson(recommendations);
  else if (recommendations.length === 0) process.stdout.write('No models to rate. Add one with: enclave models add <file.gguf>\n');
  else for (const recommendation of recommendations) printRecommendation(recommendation);
  return exitCodes.ok;
}

function printRecommendation(recommendation: ModelRecommendation): void {
  const speed =
    recommendation.tokensPerSecond === null
      ? '-'
      : `${recommendation.source === 'estimate' ? '~' : ''}${recommendation.tokensPerSecond.toFixed(1)} tokens/s (${recommendation.source})`;
  process.stdout.write(
    `${recommendation.rating.padEnd(12)}  ${speed.padEnd(26)}  ${recommendation.modelId}  ${recommendation.name} (${recommendation.quantization})\n`,
  );
  const measure = recommendation.source === 'estimate' && recommendation.tokensPerSecond !== null ? ` Measure it: enclave models probe ${recommendation.modelId}` : '';
  process.stdout.write(`${' '.repeat(14)}${recommendation.reason}${measure}\n`);
}
