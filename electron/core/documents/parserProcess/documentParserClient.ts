import { EnclaveError } from '../../errors.js';
import type { HostExit, HostLauncher, HostProcess } from '../../llm/host/launcher.js';
import { cancelledError, tooMuchMemoryError } from '../parse/documentErrors.js';
import { parserMemoryLimitBytes } from '../parse/limits.js';
import type { ExtractedSection } from '../parse/types.js';
import { type ParserReply, parserReplySchema, type ParserRequest } from './protocol.js';

type ReaderProcess = HostProcess<ParserRequest>;
type SectionsReply = Extract<ParserReply, { type: 'sections' }>;

export interface DocumentParserOptions {
  /** A reader left idle this long is stopped, giving its memory back; the next file starts a new one. */
  idleMs?: number;
}

/** How one file is read. */
export interface ExtractRequestOptions {
  /** Stops the read with `import-cancelled`. */
  signal?: AbortSignal | undefined;
  /** The Tesseract languages scanned pages and pictures are read in; English when absent. */
  ocrLanguages?: readonly string[] | undefined;
  /** Hears the file's notices in words ("pages 6-40: no text found"), once, when the file was read to its end. */
  onNotices?: ((notices: string[]) => void) | undefined;
}

interface Waiting {
  requestId: number;
  filePath: string;
  resolve(reply: SectionsReply): void;
  reject(error: unknown): void;
}

/**
 * Core's side of the document reader process: `extract` streams a file's sections as
 * `extractDocument` would, but the file is read in the other process, one file at a time, in batches
 * core pulls as it goes. If the reader dies while reading (its watchdog killed it past the memory
 * limit, the heap cap was hit, or it crashed) that file fails with `document-too-large`, and the next
 * file starts a fresh reader. Cancelling a read that is in progress kills the reader rather than
 * waiting for a step that may never end.
 */
export class DocumentParserClient {
  private reader: ReaderProcess | undefined;
  private ready: Promise<void> | undefined;
  private memoryLimitBytes = parserMemoryLimitBytes;
  private waiting: Waiting | null = null;
  /** Readers stopped on purpose (cancel, idle, dispose): their exit is no file's fault. */
  private readonly stoppedOnPurpose = new WeakSet<ReaderProcess>();
  /** One read at a time: each waits for the one before to finish. */
  private turn: Promise<void> = Promise.resolve();
  private reading = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private nextRequestId = 1;
  private disposed = false;
  private readonly idleMs: number;

  constructor(
    private readonly launch: HostLauncher<ParserRequest>,
    options: DocumentParserOptions = {},
  ) {
    this.idleMs = options.idleMs ?? 60_000;
  }

  /**
   * The sections of one file, with `charStart` offsets, as `extractDocument` yields them. Throws the
   * file's `document-*` error, `document-too-large` if the reader ran out of memory on it, and
   * `import-cancelled` when `options.signal` aborts.
   */
  async *extract(filePath: string, options: ExtractRequestOptions = {}): AsyncGenerator<ExtractedSection> {
    const release = await this.takeTurn();
    this.reading++;
    clearTimeout(this.idleTimer);
    try {
      yield* this.read(filePath, options);
    } finally {
      this.reading--;
      release();
      this.scheduleIdleStop();
    }
  }

  /** Stops the reader; a read in progress fails with `import-cancelled`. */
  async dispose(): Promise<void> {
    this.disposed = true;
    clearTimeout(this.idleTimer);
    await this.stop();
  }

  /** For tests: kills the reader as a crash (or the memory watchdog) would. */
  killReaderForTesting(): void {
    this.reader?.kill();
  }

  private async *read(filePath: string, options: ExtractRequestOptions): AsyncGenerator<ExtractedSection> {
    const { signal } = options;
    const requestId = this.nextRequestId++;
    let finished = false;
    try {
      const ocrLanguages = options.ocrLanguages ? { ocrLanguages: [...options.ocrLanguages] } : {};
      let reply = await this.request({ type: 'open', requestId, filePath, ...ocrLanguages }, filePath, signal);
      // The read lives in this reader; if it dies between batches, the next batch is not coming.
      const readerOfRead = this.reader;
      for (;;) {
        for (const section of reply.sections) {
          if (signal?.aborted) throw cancelledError(filePath);
          yield section;
        }
        if (reply.done) {
          finished = true;
          options.onNotices?.(reply.notices ?? []);
          return;
        }
        if (this.reader !== readerOfRead || !readerOfRead) throw this.lostReadError(readerOfRead, filePath);
        reply = await this.request({ type: 'next', requestId }, filePath, signal);
      }
    } finally {
      // Stopped early (the caller failed or was cancelled between batches): end the read over there
      // too. After a failed reply or a dead reader there is nothing open, and `close` is ignored.
      if (!finished) this.reader?.send({ type: 'close', requestId });
    }
  }

  private async request(
    message: Extract<ParserRequest, { type: 'open' | 'next' }>,
    filePath: string,
    signal: AbortSignal | undefined,
  ): Promise<SectionsReply> {
    if (signal?.aborted || this.disposed) throw cancelledError(filePath);
    await this.ensureStarted();
    const reader = this.reader;
    if (!reader || signal?.aborted) throw cancelledError(filePath);
    const reply = new Promise<SectionsReply>((resolve, reject) => {
      this.waiting = { requestId: message.requestId, filePath, resolve, reject };
    });
    // The step in progress may be one that never ends (a hostile file): stop the reader, not the wait.
    const onAbort = () => void this.stop();
    signal?.addEventListener('abort', onAbort, { once: true });
    reader.send(message);
    try {
      return await reply;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.waiting = null;
    }
  }

  private ensureStarted(): Promise<void> {
    if (this.reader && this.ready) return this.ready;
    const reader = this.launch();
    this.reader = reader;
    this.ready = new Promise<void>((resolve, reject) => {
      reader.onMessage((raw) => {
        const parsed = parserReplySchema.safeParse(raw);
        if (!parsed.success) return;
        const reply = parsed.data;
        if (reply.type === 'ready') {
          this.memoryLimitBytes = reply.memoryLimitBytes;
          resolve();
          return;
        }
        const waiting = this.waiting;
        if (this.reader !== reader || waiting?.requestId !== reply.requestId) return;
        if (reply.type === 'failed') waiting.reject(new EnclaveError(reply.error.code, reply.error.message));
        else waiting.resolve(reply);
      });
      reader.onExit((exit) => {
        if (this.reader === reader) {
          this.reader = undefined;
          this.ready = undefined;
        }
        reject(new EnclaveError('internal', `The document reader stopped as it started (${describeExit(exit)}).`));
        const waiting = this.waiting;
        if (!waiting) return;
        this.waiting = null;
        waiting.reject(this.lostReadError(reader, waiting.filePath));
      });
    });
    return this.ready;
  }

  /** Why a read ends when its reader exits: cancelled if core stopped it, else the file is blamed. */
  private lostReadError(reader: ReaderProcess | undefined, filePath: string): EnclaveError {
    return reader && this.stoppedOnPurpose.has(reader) ? cancelledError(filePath) : tooMuchMemoryError(filePath, this.memoryLimitBytes);
  }

  private scheduleIdleStop(): void {
    clearTimeout(this.idleTimer);
    if (this.disposed || !this.reader) return;
    this.idleTimer = setTimeout(() => {
      if (this.reading === 0) void this.stop();
    }, this.idleMs);
    // An idle reader never keeps the CLI (or a test run) alive.
    this.idleTimer.unref();
  }

  /** Stops the reader on purpose and waits for it to exit. */
  private stop(): Promise<void> {
    const reader = this.reader;
    if (!reader) return Promise.resolve();
    this.stoppedOnPurpose.add(reader);
    const exited = new Promise<void>((resolve) => reader.onExit(() => resolve()));
    reader.kill();
    return exited;
  }

  private takeTurn(): Promise<() => void> {
    let release: () => void = () => undefined;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const previous = this.turn;
    this.turn = previous.then(() => mine);
    return previous.then(() => release);
  }
}

function describeExit(exit: HostExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${String(exit.code)}`;
}
