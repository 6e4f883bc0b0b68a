import path from 'node:path';
import type { CollectionInfo, DocumentImportEvent, DocumentImportOutcome } from '../../shared/documents.js';
import { parseCommand } from '../args.js';
import { collectionForImport, useEmbeddingModelOption } from '../documentReferences.js';
import { importProgressText, outcomeSummary, outcomeText } from '../documentText.js';
import { exitCodes, UsageError } from '../errors.js';
import { handleInterrupts } from '../interrupt.js';
import { printJson, printNotice, progressLine } from '../output.js';
import { type Session, withSession } from '../session.js';
import { docsUsage } from '../usage.js';
import type { CommandContext } from './context.js';

const addOptions = {
  collection: { type: 'string' },
  'embedding-model': { type: 'string' },
  json: { type: 'boolean' },
} as const;

interface AddResult {
  collection: CollectionInfo;
  outcomes: DocumentImportOutcome[];
  interrupted: boolean;
  /** File names of the documents that duplicates repeat, by id. */
  existingNames: Map<string, string>;
}

/**
 * `enclave docs add <files or folders...>`: indexes them into a collection, one line per file. Exit 1
 * when any file failed (duplicates are not a failure); Ctrl-C cancels through core, which keeps nothing
 * of the file being indexed, and exits 130.
 */
export async function addDocuments(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, addOptions, docsUsage);
  if (positionals.length === 0) throw new UsageError('missing argument: enclave docs add <files or folders...>', docsUsage);
  const paths = positionals.map((given) => path.resolve(given));
  const result = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, async (session): Promise<AddResult> => {
    // First: a folder too large to read (the whole disk, the home folder) is refused before anything is created.
    const grants = await session.grant(paths, 'documents');
    await useEmbeddingModelOption(session, values['embedding-model']);
    const collection = await collectionForImport(session, values.collection);
    if (session.documents().embeddingModelId() === null) {
      const choose = 'choose one with "enclave settings set embedding-model <id|path>"';
      printNotice(`no embedding model is set, so documents are indexed for keyword search only; ${choose}.`);
    }
    const { outcomes, interrupted } = await importWithProgress(session, collection, grants);
    const duplicates = outcomes.some((outcome) => outcome.status === 'duplicate');
    const documents = duplicates ? await session.request('documents.list', { collectionId: collection.id }) : [];
    return { collection, outcomes, interrupted, existingNames: new Map(documents.map((document) => [document.id, document.fileName])) };
  });
  return reportImport(result, values.json ?? false);
}

/**
 * Runs the import with a progress line on a terminal (file i/n, page, chunks stored), from the
 * request's own stream, and waits for the stream's end. A re-index for a new embedding model runs
 * first when one is under way: imports wait behind it, so it is shown too. That re-index is the
 * whole app's background job, not this request's, so it is followed through core's events.
 */
async function importWithProgress(
  session: Session,
  collection: CollectionInfo,
  grants: string[],
): Promise<{ outcomes: DocumentImportOutcome[]; interrupted: boolean }> {
  const documents = session.documents();
  const line = progressLine();
  let jobId: string | undefined;
  const interrupts = handleInterrupts(
    () => {
      line.clear();
      process.stderr.write('Cancelling the import… (Ctrl-C again to quit at once)\n');
      if (jobId !== undefined) documents.cancelImport(jobId);
    },
    { quitNotice: 'stopped at once; the document being indexed is marked failed when Enclave next starts.' },
  );
  // A re-index already going runs first (the import waits its turn): follow its stream meanwhile.
  if (documents.indexStatus().reindex !== null) {
    void documents
      .reindex((event) => {
        if (interrupts.interrupted() || event.type !== 'progress' || event.progress.fileName === null) return;
        const { documentsDone, documentsTotal, fileName } = event.progress;
        line.show(`Finishing the re-index for the embedding model first: ${documentsDone + 1}/${documentsTotal} ${fileName}…`);
      })
      .catch(() => undefined);
  }
  let ended: (outcomes: DocumentImportOutcome[]) => void = () => undefined;
  const end = new Promise<DocumentImportOutcome[]>((resolve) => (ended = resolve));
  const onEvent = (event: DocumentImportEvent) => {
    if (event.type === 'end') ended(event.outcomes);
    else if (!interrupts.interrupted()) line.show(importProgressText(event.progress));
  };
  try {
    const job = await session.request('documents.importPaths', { collectionId: collection.id, grants }, onEvent);
    jobId = job.jobId;
    process.stderr.write(`Importing into "${collection.name}"… (Ctrl-C to cancel)\n`);
    const outcomes = await end;
    return { outcomes, interrupted: interrupts.interrupted() };
  } finally {
    interrupts.dispose();
    line.clear();
  }
}

function reportImport({ collection, outcomes, interrupted, existingNames }: AddResult, json: boolean): number {
  if (json) printJson({ collection, outcomes });
  for (const outcome of outcomes) {
    const text = outcomeText(outcome, collection.name, existingNames);
    if (outcome.status === 'failed') printNotice(text);
    else if (!json) process.stdout.write(`${text}\n`);
  }
  if (!json) process.stdout.write(`"${collection.name}": ${outcomeSummary(outcomes)}.\n`);
  if (outcomes.some((outcome) => outcome.status === 'cancelled')) {
    const kept = outcomes.some((outcome) => outcome.status === 'indexed') ? '; the files indexed before it are kept' : '';
    printNotice(`import cancelled; nothing of the file being indexed was kept${kept}.`);
    return exitCodes.interrupted;
  }
  if (interrupted) printNotice('the import finished before Ctrl-C could stop it.');
  return outcomes.some((outcome) => outcome.status === 'failed') ? exitCodes.failure : exitCodes.ok;
}
