import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ReplyThought } from '../../../shared/replyThought.js';
import { statement } from '../../db/statements.js';

/**
 * Keeps a reasoning model's thoughts with its reply, replacing those kept before (a continued reply
 * thinks again). Apart from the reply's content, so they are never cited or sent back to a model.
 */
export function saveReplyThought(db: Database, messageId: string, thought: ReplyThought): void {
  statement(db, 'INSERT OR REPLACE INTO reply_thoughts (message_id, text, duration_ms) VALUES (?, ?, ?)').run(
    messageId,
    thought.text,
    thought.durationMs === null ? null : Math.round(thought.durationMs),
  );
}

/** The thoughts kept with a reply; null when its model wrote none. */
export function getReplyThought(db: Database, messageId: string): ReplyThought | null {
  const row = statement(db, 'SELECT text, duration_ms FROM reply_thoughts WHERE message_id = ?').get(messageId) as
    | { text: string; duration_ms: number | null }
    | undefined;
  return row ? { text: row.text, durationMs: row.duration_ms } : null;
}
