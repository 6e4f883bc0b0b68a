import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { databaseCipher, type DatabaseKey } from './databaseCipher.js';

/**
 * Moves WAL checkpoints off the thread that people wait on.
 *
 * SQLite's automatic checkpoint runs inside whichever commit grows the WAL past 1,000 pages (4 MB):
 * that commit copies every page written since the last checkpoint into the database file, several
 * milliseconds, and with a message and its search index written per send it lands on about one send
 * in fifteen, just before the request leaves for a remote endpoint or the local model starts.
 *
 * Instead a worker thread with its own connection checkpoints a few times a second (PASSIVE: it never
 * blocks the app's reads or writes, and what it cannot copy now it copies at the next tick), and the
 * app's connection stops checkpointing once the worker is running. Should the worker fail to start or
 * die, the connection gets its automatic checkpoint back: the WAL never grows without bound. Closing
 * the app's connection (the last one) checkpoints whatever is left, as SQLite always does.
 */
export interface WalCheckpointer {
  /** Resolves once the worker checkpoints (true) or failed to start and the connection does (false). */
  readonly started: Promise<boolean>;
  /** Stops the worker, closing its connection, and gives the app's connection its automatic checkpoint back. */
  stop(): Promise<void>;
  /**
   * Empties the WAL from the worker's thread, waiting there for readers to let go, however long:
   * true once done; false when the worker is not running (the caller tries again itself).
   */
  truncate(): Promise<boolean>;
}

export interface WalCheckpointerOptions {
  /** How often the worker checkpoints. */
  intervalMs?: number;
  /** The better-sqlite3-multiple-ciphers addon the app's connection uses (Electron's build), for the worker's too. */
  nativeBinding?: string;
  /** The database key (null: plain SQLite); handed to the worker's thread in memory only. */
  key?: DatabaseKey;
  /** The better-sqlite3-multiple-ciphers module the worker loads; tests pass a broken one to check the fallback. */
  modulePath?: string;
}

/** SQLite's own default for `wal_autocheckpoint`: what the connection uses while no worker checkpoints. */
const sqliteDefaultAutocheckpointPages = 1000;

/**
 * The worker's code, evaluated as CommonJS: no separate bundle entry to build and ship. It loads
 * better-sqlite3-multiple-ciphers by absolute path (resolved here), so it does not depend on the working directory.
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.modulePath);
const db = new Database(workerData.file, workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {});
if (workerData.key) {
  // The same cipher and key as the app's connection (storage/databaseCipher.ts), before the first read.
  for (const pragma of workerData.cipherPragmas) db.pragma(pragma);
  db.key(Buffer.from(workerData.key));
}
let truncateAsked = false;
const checkpoint = () => {
  try {
    if (truncateAsked) {
      // Waits here, on this thread, for readers to let go (up to the connection's busy timeout), not on the app's.
      const [result] = db.pragma('wal_checkpoint(TRUNCATE)');
      if (result && result.busy === 0) {
        truncateAsked = false;
        parentPort.postMessage('truncated');
      }
      return;
    }
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or a full disk: the frames stay in the WAL, which stays correct; the next tick tries again.
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'truncate') {
    truncateAsked = true;
    return;
  }
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
parentPort.postMessage('ready');
`;

export function startWalCheckpointer(db: Database, options: WalCheckpointerOptions = {}): WalCheckpointer {
  const modulePath = options.modulePath ?? createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers');
  const restoreAutocheckpoint = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${sqliteDefaultAutocheckpointPages}`);
  };
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: {
      file: db.name,
      nativeBinding: options.nativeBinding ?? null,
      modulePath,
      intervalMs: options.intervalMs ?? 200,
      key: options.key ?? null,
      cipherPragmas: databaseCipher.pragmas,
    },
  });
  // A checkpointer must never keep a CLI command or a test process alive.
  worker.unref();
  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const started = new Promise<boolean>((resolve) => {
    worker.once('message', (message) => {
      if (message !== 'ready') return;
      if (!stopping && db.open) db.pragma('wal_autocheckpoint = 0');
      resolve(true);
    });
    worker.once('error', () => {
      restoreAutocheckpoint();
      resolve(false);
    });
    void exited.then(() => {
      // Ended without being asked (the addon failed to load, the thread died): checkpoint as SQLite does.
      if (!stopping) restoreAutocheckpoint();
      resolve(false);
    });
  });
  let truncated: { promise: Promise<boolean>; resolve: (done: boolean) => void } | null = null;
  worker.on('message', (message) => {
    if (message !== 'truncated' || !truncated) return;
    truncated.resolve(true);
    truncated = null;
  });
  void exited.then(() => {
    truncated?.resolve(false);
    truncated = null;
  });
  return {
    started,
    async truncate() {
      if (stopping || !(await started)) return false;
      if (!truncated) {
        let resolve: (done: boolean) => void = () => undefined;
        const promise = new Promise<boolean>((settle) => (resolve = settle));
        truncated = { promise, resolve };
        worker.postMessage('truncate');
      }
      return truncated.promise;
    },
    async stop() {
      stopping = true;
      restoreAutocheckpoint();
      worker.postMessage('stop');
      const timeout = setTimeout(() => void worker.terminate(), 2000);
      await exited;
      clearTimeout(timeout);
    },
  };
}

/**
 * Copies the whole WAL into the database file and empties it (TRUNCATE), so no page of deleted text
 * survives in the log. Each try answers at once (see checkpointTruncate); while another connection
 * runs a checkpoint (the worker above, a millisecond or so at a time) this tries again for up to
 * about half a second, between timers, never holding the thread. False if the log could not be
 * emptied: a reader still needs old frames (erasure finishes it in the background: history/erasureFinisher.ts).
 */
export async function truncateWal(db: Database, attempts = 50): Promise<boolean> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (checkpointTruncate(db)) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return false;
}

/**
 * One try of `truncateWal`: false when another connection kept the log busy. It never waits: with
 * the connection's busy timeout, SQLite would wait up to that long for every reader, on the thread
 * people are waiting on (a delete took 24 s and 99 s with another program reading the file).
 */
export function checkpointTruncate(db: Database): boolean {
  return withoutWaiting(db, () => {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    return result?.busy === 0;
  });
}

/** Runs `work` with the connection's busy timeout at zero: busy answers at once, as SQLITE_BUSY. */
export function withoutWaiting<T>(db: Database, work: () => T): T {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    return work();
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}
