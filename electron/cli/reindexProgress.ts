import type { ReindexEvent } from '../shared/documents.js';
import { modelName } from './documentReferences.js';
import { handleInterrupts } from './interrupt.js';
import { printNotice, progressLine } from './output.js';
import type { Session } from './session.js';

type ReindexFinished = Extract<ReindexEvent, { type: 'end' }>;

export interface ReindexWait {
  /** How the run ended; null when no document needed it (or Ctrl-C came first). */
  finished: ReindexFinished | null;
  interrupted: boolean;
}

/**
 * Waits for core's background re-index after the embedding model changed, with a progress line: the
 * CLI exits afterwards, which would cancel it. Ctrl-C stops waiting; the run is then cancelled
 * between documents (each is swapped in whole), and the rest are re-indexed at the next start.
 */
export async function waitForReindex(session: Session): Promise<ReindexWait> {
  const documents = session.documents();
  const status = documents.indexStatus();
  if (status.staleDocuments === 0 && status.reindex === null) return { finished: null, interrupted: false };
  const target = status.embeddingModelId === null ? 'keyword search only' : modelName(session, status.embeddingModelId);
  const count = status.staleDocuments === 1 ? '1 document' : `${status.staleDocuments} documents`;
  process.stderr.write(`Re-indexing ${count} for ${target}… (Ctrl-C leaves the rest for the next start)\n`);
  const line = progressLine();
  let finished: ReindexFinished | null = null;
  let stopWaiting: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stopWaiting = resolve));
  const interrupts = handleInterrupts(() => {
    line.clear();
    stopWaiting();
  });
  // The run's own stream: progress per document, then how it ended.
  const onEvent = (event: ReindexEvent) => {
    if (event.type === 'progress' && event.progress.fileName !== null && !interrupts.interrupted()) {
      const { documentsDone, documentsTotal, fileName } = event.progress;
      line.show(`Re-indexing ${documentsDone + 1}/${documentsTotal}: ${fileName}…`);
    } else if (event.type === 'end' && event.embeddingModelId === documents.embeddingModelId()) {
      finished = event;
    }
  };
  try {
    await Promise.race([documents.reindex(onEvent), stopped]);
  } finally {
    interrupts.dispose();
    line.clear();
  }
  return { finished, interrupted: interrupts.interrupted() };
}

/** Says how the re-index ended on stderr; false when documents could not be re-indexed. */
export function reportReindex({ finished, interrupted }: ReindexWait): boolean {
  if (interrupted) {
    printNotice('stopped waiting; the setting is saved, and the documents not yet re-indexed will be when Enclave next starts.');
    return true;
  }
  if (finished === null) return true;
  const reindexed = finished.reindexed === 1 ? '1 document' : `${finished.reindexed} documents`;
  process.stderr.write(`Re-indexed ${reindexed}.\n`);
  if (finished.error === null) return true;
  const failed = finished.failed > 0 ? `${finished.failed} could not be re-indexed and keep their old index: ` : '';
  printNotice(`${failed}${finished.error.message}`);
  return false;
}
