import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AuditForwardingStatus } from '../../../shared/audit.js';
import { toAuditEntry } from '../auditEntries.js';
import { syslogLine } from '../exportFormats.js';
import type { CollectorTarget } from './collector.js';
import { defaultSendTimeouts, type SendTimeouts, sendToCollector } from './sendToCollector.js';
import { auditRowsAfter, countAuditRowsAfter, forwardingState, recordAttemptFailed, recordDelivered } from './store.js';

export interface AuditForwarderOptions {
  db: Database;
  target: CollectorTarget;
  /** This machine's name, as each syslog line carries it. */
  hostname: string;
  /** Entries per connection. */
  batchSize?: number;
  timeouts?: SendTimeouts;
  /** After an entry is recorded, how long to wait for others before sending (they go on one connection). */
  gatherMs?: number;
  /** The first wait after a failed attempt; it doubles after each failure, up to `maxRetryMs`. */
  firstRetryMs?: number;
  maxRetryMs?: number;
  now?: () => number;
}

/**
 * Forwards the audit trail to the syslog collector the policy names. The trail is the queue: the
 * collector's place in it (the last entry it confirmed) is kept in the database, so entries recorded
 * while it is unreachable, or while Enclave is closed, are sent when it answers again, in order,
 * nothing dropped. Sending runs one attempt at a time; a failure waits longer each time (a dead
 * collector is not hammered on every new entry).
 */
export class AuditForwarder {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private failures = 0;
  private stopped = false;
  private readonly options: Required<Omit<AuditForwarderOptions, 'db' | 'target' | 'hostname'>>;

  constructor(private readonly init: AuditForwarderOptions) {
    this.options = {
      batchSize: init.batchSize ?? 1000,
      timeouts: init.timeouts ?? defaultSendTimeouts,
      gatherMs: init.gatherMs ?? 1000,
      firstRetryMs: init.firstRetryMs ?? 5000,
      maxRetryMs: init.maxRetryMs ?? 5 * 60_000,
      now: init.now ?? Date.now,
    };
  }

  get collector(): string {
    return this.init.target.address;
  }

  /** Sends what waits now, then whenever `schedule` is called. */
  start(): void {
    this.arm(0);
  }

  /** A new entry was recorded: send it soon, together with any recorded meanwhile (not during a back-off). */
  schedule(): void {
    if (this.failures === 0) this.arm(this.options.gatherMs);
  }

  /**
   * Sends every entry after the collector's place, a batch per connection, until none waits. Resolves
   * with how many were delivered; rejects with why the collector did not take them (those wait).
   */
  async flush(): Promise<number> {
    while (this.running) await this.running.catch(() => undefined);
    let delivered = 0;
    const run = (async () => {
      const { db, target } = this.init;
      for (;;) {
        const rows = auditRowsAfter(db, forwardingState(db, target.address).delivered_seq, this.options.batchSize);
        const last = rows.at(-1);
        if (!last) return;
        try {
          await sendToCollector(target, rows.map((row) => syslogLine(toAuditEntry(row), this.init.hostname)), this.options.timeouts);
        } catch (error) {
          if (db.open) recordAttemptFailed(db, target.address, this.options.now(), error instanceof Error ? error.message : String(error));
          throw error;
        }
        if (!db.open) return;
        recordDelivered(db, target.address, last.seq, this.options.now());
        delivered += rows.length;
      }
    })();
    this.running = run;
    try {
      await run;
      this.failures = 0;
      return delivered;
    } catch (error) {
      this.failures += 1;
      throw error;
    } finally {
      this.running = undefined;
    }
  }

  status(): AuditForwardingStatus {
    const state = forwardingState(this.init.db, this.collector);
    return {
      collector: this.collector,
      deliveredSeq: state.delivered_seq,
      deliveredAt: state.delivered_at,
      waiting: countAuditRowsAfter(this.init.db, state.delivered_seq),
      lastAttemptAt: state.last_attempt_at,
      lastError: state.last_error,
    };
  }

  /**
   * Stops sending. When the collector was answering, what waits (the app's stop, say) gets one last
   * attempt of at most `finalMs`; otherwise it waits in the database for the next start.
   */
  async stop(finalMs = 0): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    if (finalMs > 0 && this.failures === 0) {
      const timeouts = { connectMs: finalMs, confirmMs: finalMs };
      this.options.timeouts = timeouts;
      await Promise.race([this.flush().catch(() => 0), new Promise((resolve) => setTimeout(resolve, finalMs * 2).unref())]);
    }
    while (this.running) await this.running.catch(() => undefined);
  }

  private arm(delayMs: number): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().then(
        () => undefined,
        () => this.arm(Math.min(this.options.maxRetryMs, this.options.firstRetryMs * 2 ** (this.failures - 1))),
      );
    }, delayMs);
    // A pending send never keeps the process alive on its own (the CLI exits; the app quits through stop).
    this.timer.unref();
  }
}
