import { withoutUndefined } from '../../core/objects.js';
import { type AppSettings, ocrLanguagesSchema } from '../../shared/domain.js';
import { expectOperands, integerInRange, parseCommand } from '../args.js';
import { modelName } from '../documentReferences.js';
import { exitCodes, UsageError } from '../errors.js';
import { printFields, printJson, printUsage } from '../output.js';
import { reportReindex, type ReindexWait, waitForReindex } from '../reindexProgress.js';
import { type Session, withSession } from '../session.js';
import { settingsUsage } from '../usage.js';
import type { CommandContext } from './context.js';

/** Every setting, by the name it has both as an option (`--retrieval-top-k 4`) and as a key (`retrieval-top-k 4`). */
const settingNames = [
  'max-resident',
  'idle-unload-minutes',
  'memory-budget-mb',
  'embedding-model',
  'retrieval-top-k',
  'relevance-floor',
  'ocr-languages',
] as const;
type SettingName = (typeof settingNames)[number];
type RawSettings = Partial<Record<SettingName, string>>;

const settingsOptions = {
  json: { type: 'boolean' },
  ...(Object.fromEntries(settingNames.map((name) => [name, { type: 'string' }])) as Record<SettingName, { type: 'string' }>),
} as const;

/** What `settings set` changes: the embedding model is resolved (and a path registered) in the session. */
interface SettingChanges {
  values: Partial<Omit<AppSettings, 'embeddingModelId'>>;
  /** A model id, name or path; null for none (keyword search only); undefined to leave it. */
  embeddingModel: string | null | undefined;
}

/**
 * `enclave settings [get]` and `enclave settings set <key> <value>...`: how models share this machine's
 * memory, and how documents are embedded and retrieved. A new embedding model re-indexes the documents;
 * the command waits for that, with progress, since core's background run ends with the process.
 */
export async function settingsCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, settingsOptions, settingsUsage);
  if (values.help) return printUsage(settingsUsage);
  const [action = 'get', ...operands] = positionals;
  const dataDir = values['data-dir'] ?? context.dataDir;
  const optionValues: RawSettings = withoutUndefined(Object.fromEntries(settingNames.map((name) => [name, values[name]])));
  if (action === 'get') {
    expectOperands(operands, 0, 0, 'settings get', settingsUsage);
    if (Object.keys(optionValues).length > 0) throw new UsageError('to change settings: enclave settings set <key> <value>', settingsUsage);
  } else if (action !== 'set') {
    throw new UsageError(`unknown subcommand "settings ${action}"`, settingsUsage);
  }
  const changes = action === 'set' ? parseChanges({ ...optionValues, ...keyValuePairs(operands, optionValues) }) : null;
  const { settings, embeddingName, reindex, ocrInstalled } = await withSession({ dataDir }, async (session) => {
    const updated = changes ? await applyChanges(session, changes) : await session.request('settings.get', {});
    const wait: ReindexWait | null = changes?.embeddingModel !== undefined ? await waitForReindex(session) : null;
    const embeddingName = updated.embeddingModelId && modelName(session, updated.embeddingModelId);
    const ocrInstalled = await session.request('settings.ocrLanguages', {});
    return { settings: updated, embeddingName, reindex: wait, ocrInstalled };
  });
  if (values.json) printJson(settings);
  else printSettings(settings, embeddingName, ocrInstalled);
  if (reindex && !reportReindex(reindex)) return exitCodes.failure;
  return reindex?.interrupted ? exitCodes.interrupted : exitCodes.ok;
}

/** `embedding-model x retrieval-top-k 4`: pairs of a setting's name and its value. */
function keyValuePairs(operands: readonly string[], fromOptions: RawSettings): RawSettings {
  if (operands.length === 0 && Object.keys(fromOptions).length === 0) {
    throw new UsageError(`nothing to set: give a setting and its value, e.g. enclave settings set retrieval-top-k 8`, settingsUsage);
  }
  const pairs: RawSettings = {};
  for (let index = 0; index < operands.length; index += 2) {
    const name = operands[index] ?? '';
    const value = operands[index + 1];
    if (!(settingNames as readonly string[]).includes(name)) {
      throw new UsageError(`unknown setting "${name}"; the settings are ${settingNames.join(', ')}`, settingsUsage);
    }
    if (value === undefined) throw new UsageError(`missing value: enclave settings set ${name} <value>`, settingsUsage);
    if (Object.hasOwn(fromOptions, name) || Object.hasOwn(pairs, name)) throw new UsageError(`${name} is given twice`, settingsUsage);
    pairs[name as SettingName] = value;
  }
  return pairs;
}

function parseChanges(raw: RawSettings): SettingChanges {
  const embedding = raw['embedding-model']?.trim();
  return {
    values: withoutUndefined({
      maxResidentModels: integerInRange('max-resident', raw['max-resident'], 1, 8, settingsUsage),
      idleUnloadMinutes: integerInRange('idle-unload-minutes', raw['idle-unload-minutes'], 0, 24 * 60, settingsUsage),
      memoryBudgetMb: memoryBudget(raw['memory-budget-mb']),
      retrievalTopK: integerInRange('retrieval-top-k', raw['retrieval-top-k'], 1, 50, settingsUsage),
      relevanceFloor: relevanceFloor(raw['relevance-floor']),
      ocrLanguages: ocrLanguages(raw['ocr-languages']),
    }),
    embeddingModel: embedding === undefined ? undefined : embedding.toLowerCase() === 'none' ? null : embedding,
  };
}

/** Saves the changes; an embedding model given by path is registered (linked in place) first. */
async function applyChanges(session: Session, changes: SettingChanges): Promise<AppSettings> {
  const { embeddingModel } = changes;
  const embeddingModelId =
    embeddingModel === undefined || embeddingModel === null ? embeddingModel : (await session.registry().resolveForLoad(embeddingModel)).id;
  return session.request('settings.update', { ...changes.values, ...(embeddingModelId === undefined ? {} : { embeddingModelId }) });
}

/** `auto` (what the OS reports free, stored as null) or a number of megabytes. */
function memoryBudget(raw: string | undefined): number | null | undefined {
  if (raw?.trim().toLowerCase() === 'auto') return null;
  return integerInRange('memory-budget-mb', raw, 1, 16 * 1024 * 1024, settingsUsage);
}

function relevanceFloor(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new UsageError(`--relevance-floor must be a number from 0 to 1, not "${raw}"`, settingsUsage);
  }
  return value;
}

/** "eng,deu" (or "eng+deu", as Tesseract writes it): checked for form here, and by core for being installed. */
function ocrLanguages(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const parsed = ocrLanguagesSchema.safeParse(raw.split(/[\s,+]+/).filter((code) => code.length > 0));
  if (!parsed.success) {
    throw new UsageError(`--ocr-languages: ${parsed.error.issues[0]?.message ?? 'invalid'} (got "${raw}")`, settingsUsage);
  }
  return parsed.data;
}

function printSettings(settings: AppSettings, embeddingName: string | null, ocrInstalled: readonly string[]): void {
  printFields([
    ['Models kept loaded', `at most ${settings.maxResidentModels} (--max-resident)`],
    [
      'Unload when idle',
      `${settings.idleUnloadMinutes === 0 ? 'never' : `after ${settings.idleUnloadMinutes} minutes`} (--idle-unload-minutes)`,
    ],
    [
      'Memory budget',
      `${settings.memoryBudgetMb === null ? 'auto: what the system reports free' : `${settings.memoryBudgetMb} MB`} (--memory-budget-mb)`,
    ],
    [
      'Embedding model',
      (embeddingName === null ? 'none: documents are found by keywords only' : `${embeddingName}, ${settings.embeddingModelId}`) +
        ' (--embedding-model)',
    ],
    ['Passages per question', `at most ${settings.retrievalTopK} (--retrieval-top-k)`],
    ['Relevance floor', `${settings.relevanceFloor}: weaker passages are left out (--relevance-floor)`],
    ['OCR languages', `${settings.ocrLanguages.join(', ')}; installed: ${ocrInstalled.join(', ')} (--ocr-languages)`],
  ]);
}
