import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AuditTrail } from '../audit/auditTrail.js';
import { toAppError } from '../errors.js';
import { chatsInactiveSince } from './store/retention.js';
import { eraseChat } from './eraseChats.js';

const dayMs = 24 * 60 * 60 * 1000;

export interface ChatRetentionDeps {
  db: Database;
  audit: AuditTrail;
  /** The policy's `retention.chatDays` in force, read at each run; undefined: chats are kept. */
  chatDays: () => number | undefined;
  /** Stops a reply being written into a chat before it is erased. */
  stopChat: (chatId: string) => void;
  /** After erasures: the window's lists, and the background finish of an erasure a reader held up. */
  erased: (report: ChatRetentionReport) => void;
  /** How often it runs while core runs; a day unless a test says otherwise. */
  intervalMs?: number;
}

export interface ChatRetentionReport {
  chatIds: string[];
  messagesDeleted: number;
  /** False when another program held the file and the erased text is still being wiped from it. */
  fileErased: boolean;
}

/**
 * The machine policy's `retention.chatDays`: a chat whose last activity is more than that many days
 * ago is erased as "delete" erases it (history/eraseChats.ts), one `chats.erased` entry per chat with
 * `reason: 'retention'`. It runs when core starts and then daily; the timer never keeps the process
 * alive, and `stop` waits for a run under way, so the database is never closed beneath it.
 */
export class ChatRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<ChatRetentionReport> | undefined;

  constructor(private readonly deps: ChatRetentionDeps) {}

  /** Runs now (in the background) and then at each interval. */
  start(): void {
    void this.run().catch(() => undefined);
    this.timer = setInterval(() => void this.run().catch(() => undefined), this.deps.intervalMs ?? dayMs);
    this.timer.unref();
  }

  /** Erases the chats past the limit, as of `now`; a run already under way is waited for instead. */
  run(now = Date.now()): Promise<ChatRetentionReport> {
    this.running ??= this.erase(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  private async erase(now: number): Promise<ChatRetentionReport> {
    const days = this.deps.chatDays();
    const report: ChatRetentionReport = { chatIds: [], messagesDeleted: 0, fileErased: true };
    if (days === undefined || !this.deps.db.open) return report;
    for (const chatId of chatsInactiveSince(this.deps.db, now - days * dayMs)) {
      this.deps.stopChat(chatId);
      const erased = await eraseChat(this.deps.db, chatId, { audit: this.deps.audit, auditDetails: { reason: 'retention', retentionDays: days } }).catch(
        (error: unknown) => {
          // Deleted meanwhile by the user: nothing left to erase.
          if (toAppError(error).code === 'not-found') return null;
          throw error;
        },
      );
      if (!erased) continue;
      report.chatIds.push(chatId);
      report.messagesDeleted += erased.messagesDeleted;
      report.fileErased &&= erased.fileErased;
    }
    if (report.chatIds.length > 0) this.deps.erased(report);
    return report;
  }
}
