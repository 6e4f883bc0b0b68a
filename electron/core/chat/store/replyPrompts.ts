import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ReplyPrompt, ReplyPromptKind } from '../../../shared/replyPrompt.js';
import { statement } from '../../db/statements.js';
import { EnclaveError } from '../../errors.js';

interface PromptRow {
  kind: ReplyPromptKind;
  text: string;
  token_count: number | null;
}

/** Keeps the exact prompt a reply was given, replacing one kept before (a continued reply reads a new one). */
export function saveReplyPrompt(db: Database, messageId: string, prompt: ReplyPrompt): void {
  statement(db, 'INSERT OR REPLACE INTO reply_prompts (message_id, kind, text, token_count) VALUES (?, ?, ?, ?)').run(
    messageId,
    prompt.kind,
    prompt.text,
    prompt.tokenCount,
  );
}

/** The prompt kept with a reply; null for a reply written before prompts were kept, or a user message. */
export function getReplyPrompt(db: Database, messageId: string): ReplyPrompt | null {
  const row = statement(db, 'SELECT kind, text, token_count FROM reply_prompts WHERE message_id = ?').get(messageId) as PromptRow | undefined;
  return row ? { kind: row.kind, text: row.text, tokenCount: row.token_count } : null;
}

/** A message's kept prompt, refusing an id that names no message (`not-found`) rather than answering "not recorded". */
export function replyPromptOf(db: Database, messageId: string): ReplyPrompt | null {
  const exists = statement(db, 'SELECT 1 FROM messages WHERE id = ?').get(messageId) !== undefined;
  if (!exists) throw new EnclaveError('not-found', `There is no message with id ${messageId}; it may have been deleted.`);
  return getReplyPrompt(db, messageId);
}
