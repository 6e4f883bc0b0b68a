/**
 * Entry point of the document reader process. pdf.js, mammoth and the text readers run only here, so
 * a file that inflates to gigabytes or a parser that runs away costs this process, never the window,
 * the CLI or the import queue. A watchdog thread kills the process past its memory limit; the parent
 * then fails the file with `document-too-large` and starts a fresh reader for the next one. Started by
 * core through a HostLauncher (utilityProcess in Electron, fork in Node).
 */
import { toAppError } from '../../errors.js';
import { connectProcessToParent, type HostChannel } from '../../llm/host/hostChannel.js';
import { extractDocument } from '../parse/extract.js';
import { parserMemoryLimitBytes } from '../parse/limits.js';
import { DocumentNoticeCollector } from '../parse/documentNotices.js';
import type { ExtractedSection } from '../parse/types.js';
import { startMemoryWatchdog } from './memoryWatchdog.js';
import { type ParserReply, type ParserRequest, parserRequestSchema } from './protocol.js';

/** A batch ends at this much text, this many sections, or this long after it began, whichever is first. */
const batchChars = 256 * 1024;
const batchSections = 64;
const batchMs = 200;

interface OpenRead {
  requestId: number;
  sections: AsyncGenerator<ExtractedSection>;
  controller: AbortController;
  /** What the reader noticed about the file, sent with the last batch. */
  notices: DocumentNoticeCollector;
}

// Ctrl-C in a terminal reaches the whole process group; the parent decides when a read stops.
process.on('SIGINT', () => undefined);
// pdf.js leaves a rejected promise behind now and then on damaged files. Each read reports its own
// failure; a stray rejection must not end the process (and be taken for the file running out of
// memory), as Electron's utility process already ensures.
process.on('unhandledRejection', () => undefined);

const memoryLimitBytes = memoryLimitFromEnvironment();
startMemoryWatchdog(memoryLimitBytes);
const channel: HostChannel<ParserReply> = connectProcessToParent('document reader');
let current: OpenRead | null = null;
// Requests are handled one at a time in arrival order; `close` aborts the read at once as well.
let queue: Promise<void> = Promise.resolve();

channel.onMessage((raw) => {
  const parsed = parserRequestSchema.safeParse(raw);
  if (!parsed.success) return; // Only core talks to this process; anything else is ignored.
  const request = parsed.data;
  if (request.type === 'close' && current?.requestId === request.requestId) current.controller.abort();
  queue = queue.then(() => handle(request));
});

async function handle(request: ParserRequest): Promise<void> {
  switch (request.type) {
    case 'open': {
      await closeCurrent();
      const controller = new AbortController();
      const notices = new DocumentNoticeCollector();
      const sections = extractDocument(request.filePath, {
        signal: controller.signal,
        ocrLanguages: request.ocrLanguages,
        onNotice: (notice) => notices.add(notice),
      });
      current = { requestId: request.requestId, controller, sections, notices };
      await sendBatch(current);
      return;
    }
    case 'next': {
      if (current?.requestId === request.requestId) await sendBatch(current);
      else channel.send({ type: 'failed', requestId: request.requestId, error: { code: 'internal', message: 'The document reader has no file open.' } });
      return;
    }
    case 'close': {
      if (current?.requestId === request.requestId) await closeCurrent();
      return;
    }
  }
}

async function sendBatch(read: OpenRead): Promise<void> {
  const sections: ExtractedSection[] = [];
  let chars = 0;
  const startedAt = Date.now();
  try {
    for (;;) {
      const next = await read.sections.next();
      if (next.done === true) {
        current = null;
        channel.send({ type: 'sections', requestId: read.requestId, sections, done: true, notices: read.notices.notices() });
        return;
      }
      sections.push(next.value);
      chars += next.value.text.length;
      if (chars >= batchChars || sections.length >= batchSections || Date.now() - startedAt >= batchMs) break;
    }
    channel.send({ type: 'sections', requestId: read.requestId, sections, done: false });
  } catch (error) {
    current = null;
    channel.send({ type: 'failed', requestId: read.requestId, error: toAppError(error) });
  }
}

async function closeCurrent(): Promise<void> {
  const read = current;
  current = null;
  if (!read) return;
  read.controller.abort();
  // Runs the reader's cleanup (closing the file, destroying pdf.js's document).
  await read.sections.return(undefined).catch(() => undefined);
}

function memoryLimitFromEnvironment(): number {
  const megabytes = Number.parseInt(process.env.ENCLAVE_PARSER_MEMORY_MB ?? '', 10);
  return Number.isInteger(megabytes) && megabytes > 0 ? megabytes * 2 ** 20 : parserMemoryLimitBytes;
}

channel.send({ type: 'ready', memoryLimitBytes });
