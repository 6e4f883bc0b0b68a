import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { EnclaveEvent } from '../../shared/domain.js';
import type { WalCheckpointer } from '../db/walCheckpointer.js';
import { compactDatabase, emptyWalOfErasedText } from './compactDatabase.js';
import { clearWalErasurePending, isErasurePending, isWalErasurePending } from './store/erasureMark.js';

export interface ErasureFinisherDeps {
  db: Database;
  /** Empties the WAL on its own thread, waiting there for readers; absent when it could not start. */
  checkpointer: WalCheckpointer | undefined;
  emit: (event: EnclaveEvent) => void;
  /** How often a pending erasure is tried again on this thread (each try answers at once). */
  retryMs?: number;
}

/**
 * Finishes an erasure another program's reader held up, without holding up the app: the WAL is
 * emptied by the checkpoint worker (which may wait there as long as it takes), a file still to be
 * rewritten (everything erased) is tried again every few hundred milliseconds with tries that never
 * wait. While anything is pending the window says so (`erasure.changed`, `app.status`); a crash
 * leaves the mark in the database and the next start finishes it.
 */
export class ErasureFinisher {
  private timer: NodeJS.Timeout | null = null;
  private working = false;

  constructor(private readonly deps: ErasureFinisherDeps) {}

  /** Whether deleted text may still be in the file or its log, waiting for another program's reader. */
  get pending(): boolean {
    return isErasurePending(this.deps.db) || isWalErasurePending(this.deps.db);
  }

  /** After an erase (or at start): if it could not finish, finish it in the background and say so. */
  continueIfPending(): void {
    if (!this.pending || this.timer) return;
    this.deps.emit({ type: 'erasure.changed', pending: true });
    this.timer = setInterval(() => void this.tryOnce(), this.deps.retryMs ?? 500);
    this.timer.unref();
    void this.tryOnce();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async tryOnce(): Promise<void> {
    if (this.working) return;
    this.working = true;
    const { db, checkpointer } = this.deps;
    try {
      if (isErasurePending(db)) compactDatabase(db);
      else if (isWalErasurePending(db) && !emptyWalOfErasedText(db) && (await checkpointer?.truncate())) {
        if (db.open) clearWalErasurePending(db);
      }
    } catch {
      // A full disk or a closed database: still pending, tried again at the next tick or the next start.
    } finally {
      this.working = false;
    }
    if (!db.open || this.pending) return;
    this.stop();
    this.deps.emit({ type: 'erasure.changed', pending: false });
  }
}
