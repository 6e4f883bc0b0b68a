import { baseModelNote, isBaseModel } from '../../shared/models.js';
import path from 'node:path';
import type { ImportProgress, ImportResult, ModelImportEvent, ModelInfo } from '../../shared/domain.js';
import { parseCommand } from '../args.js';
import { exitCodes, UsageError } from '../errors.js';
import { formatBytes, printJson, printNotice, progressLine } from '../output.js';
import { type Session, withSession } from '../session.js';
import { modelsUsage } from '../usage.js';
import type { CommandContext } from './context.js';

const addOptions = { json: { type: 'boolean' }, link: { type: 'boolean' } } as const;

/**
 * `enclave models add <file|folder>... [--link]`: validates, hashes and copies (or links) each model.
 * Exit 1 when any file failed (each failure is one stderr line); duplicates alone are not a failure.
 * Ctrl-C cancels through core, which removes the partial copy, and exits 130.
 */
export async function addModels(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, addOptions, modelsUsage);
  if (positionals.length === 0) throw new UsageError('missing argument: enclave models add <file|folder>...', modelsUsage);
  const paths = positionals.map((given) => path.resolve(given));
  const mode = values.link ? 'link' : 'copy';
  const { result, interrupted, existing } = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, async (session) => {
    session.requireDatabase();
    const outcome = await importWithProgress(session, paths, mode);
    // Name the models duplicates match: the import result only carries their ids.
    const catalog = outcome.result.duplicates.length > 0 ? (await session.request('models.list', {})).models : [];
    return { ...outcome, existing: new Map(catalog.map((model) => [model.id, model])) };
  });
  if (values.json) printJson(result);
  else printImportResult(result, existing);
  for (const failure of result.failed) printNotice(`${failure.fileName}: ${failure.error.message}`);
  if (result.cancelled) {
    const kept = result.imported.length > 0 ? ` The ${result.imported.length} imported before it are kept.` : '';
    printNotice(`import cancelled; the model being imported was not added and nothing partial was left.${kept}`);
    return exitCodes.interrupted;
  }
  if (interrupted) printNotice('the import finished before Ctrl-C could stop it.');
  return result.failed.length > 0 ? exitCodes.failure : exitCodes.ok;
}

/**
 * Runs the import with a progress line on a terminal, from the request's own stream. Ctrl-C asks core
 * to cancel; the import id comes with the first progress event, so a Ctrl-C before that waits for it. A second Ctrl-C quits
 * at once, which can leave the temporary copy behind (core names it `*.partial-<import id>`).
 */
async function importWithProgress(
  session: Session,
  paths: string[],
  mode: 'copy' | 'link',
): Promise<{ result: ImportResult; interrupted: boolean }> {
  const line = progressLine();
  let importId: string | undefined;
  let interrupted = false;
  const cancel = () => {
    if (importId !== undefined) void session.request('models.cancelImport', { importId }).catch(() => undefined);
  };
  const onEvent = (event: ModelImportEvent) => {
    // The end carries the result the request answers with; only progress is shown.
    if (event.type !== 'progress') return;
    if (importId === undefined) {
      importId = event.progress.importId;
      if (interrupted) cancel();
    }
    if (!interrupted) line.show(progressText(event.progress));
  };
  const onInterrupt = () => {
    line.clear();
    if (interrupted) {
      const partial = importId === undefined ? '' : ` A partial copy named *.partial-${importId} may be left in the models folder.`;
      printNotice(`stopped at once.${partial}`);
      process.exit(exitCodes.interrupted);
    }
    interrupted = true;
    process.stderr.write('Cancelling the import… (Ctrl-C again to quit at once)\n');
    cancel();
  };
  process.on('SIGINT', onInterrupt);
  try {
    const result = await session.request('models.importPaths', { grants: await session.grant(paths, 'models'), mode }, onEvent);
    return { result, interrupted };
  } finally {
    process.off('SIGINT', onInterrupt);
    line.clear();
  }
}

function progressText(progress: ImportProgress): string {
  const verb = progress.phase === 'copying' ? 'Copying and hashing' : 'Hashing';
  const percent = progress.bytesTotal > 0 ? Math.floor((progress.bytesDone / progress.bytesTotal) * 100) : 0;
  return `${verb} ${progress.fileName}… ${percent}% (${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)})`;
}

function printImportResult(result: ImportResult, existing: ReadonlyMap<string, ModelInfo>): void {
  for (const model of result.imported) {
    const where = model.storage === 'linked' ? 'linked in place' : 'copied';
    process.stdout.write(`Added ${model.name}\n  id      ${model.id}\n  sha256  ${model.sha256}\n  file    ${model.path} (${where})\n`);
    if (isBaseModel(model)) process.stdout.write(`  note    a base model: ${baseModelNote}\n`);
  }
  for (const duplicate of result.duplicates) {
    const match = existing.get(duplicate.existingModelId);
    const named = match ? `${match.name} (${match.fileName})` : 'a model';
    process.stdout.write(
      `Already in the catalog: ${duplicate.fileName} is the same file as ${named}, id ${duplicate.existingModelId}; nothing was added.\n`,
    );
  }
  const outcomes = result.imported.length + result.duplicates.length + result.failed.length;
  if (outcomes > 1) {
    const parts = [`${result.imported.length} added`, `${result.duplicates.length} already in the catalog`, `${result.failed.length} failed`];
    process.stdout.write(`${parts.join(', ')}.\n`);
  }
}
