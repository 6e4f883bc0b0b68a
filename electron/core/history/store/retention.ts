import type { Database } from 'better-sqlite3-multiple-ciphers';
import { pluckedStatement } from '../../db/statements.js';

/** The chats last active before `before` (milliseconds since the epoch), oldest first. */
export function chatsInactiveSince(db: Database, before: number): string[] {
  return pluckedStatement(db, 'SELECT id FROM chats WHERE updated_at < ? ORDER BY updated_at, rowid').all(before) as string[];
}
