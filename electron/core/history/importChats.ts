import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { z } from 'zod';
import type { ChatImportReport } from '../../shared/history.js';
import type { AuditTrail } from '../audit/auditTrail.js';
import { EnclaveError } from '../errors.js';
import { chatExportFormat, chatExportVersion, exportEnvelopeSchema, exportedChatSchema, type ExportedChat } from './exportFormat.js';
import { ChatRejection, type ImportedChatOutcome, insertImportedChat } from './insertImportedChat.js';

/**
 * Imports a JSON export (see exportFormat.ts) without duplicating anything: a chat already here (same
 * id) gains only the messages it lacks (same message id: skipped). A file that is not an Enclave
 * export, or that a newer Enclave wrote, is refused whole with a reason; in a file that is ours, each
 * chat is checked on its own, so the valid chats import and the others are reported with why.
 * All of it happens in one transaction, each chat in its own savepoint; `audit` (the app's trail)
 * records the counts in that transaction, never a title or a message.
 */
export function importChats(db: Database, content: string, audit?: AuditTrail): ChatImportReport {
  const chats = readEnvelope(content);
  const report: ChatImportReport = {
    chatsImported: 0,
    chatsMerged: 0,
    chatsUnchanged: 0,
    messagesImported: 0,
    messagesSkipped: 0,
    rejected: [],
  };
  db.transaction(() => {
    for (const [index, raw] of chats.entries()) {
      const reject = (reason: string) => report.rejected.push({ index, chatId: field(raw, 'id'), title: field(raw, 'title'), reason });
      const parsed = exportedChatSchema.safeParse(raw);
      if (!parsed.success) {
        reject(describeIssues(parsed.error));
        continue;
      }
      try {
        tally(report, db.transaction((chat: ExportedChat) => insertImportedChat(db, chat))(parsed.data));
      } catch (error) {
        if (error instanceof ChatRejection) reject(error.message);
        else if (isConstraintError(error)) reject(`the database refused it (${(error as Error).message})`);
        else throw error;
      }
    }
    const { rejected, ...counts } = report;
    audit?.record('chats.imported', { ...counts, chatsRejected: rejected.length });
  })();
  return report;
}

function tally(report: ChatImportReport, outcome: ImportedChatOutcome): void {
  report.messagesImported += outcome.messagesImported;
  report.messagesSkipped += outcome.messagesSkipped;
  if (outcome.created) report.chatsImported += 1;
  else if (outcome.messagesImported > 0) report.chatsMerged += 1;
  else report.chatsUnchanged += 1;
}

/** The file's chats, once it is known to be an export this version can read. */
function readEnvelope(content: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    throw notOurs(`it is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const format = field(parsed, 'format');
  if (format !== chatExportFormat) {
    throw notOurs(format === null ? 'it has no "format": "enclave-chats" marker' : `its format is "${format.slice(0, 100)}"`);
  }
  const version = (parsed as { version?: unknown }).version;
  if (typeof version === 'number' && Number.isInteger(version) && version > chatExportVersion) {
    throw new EnclaveError(
      'import-too-new',
      `This chat export was written by a newer version of Enclave (format version ${version}; this version reads up to ${chatExportVersion}). Update Enclave to import it.`,
    );
  }
  const envelope = exportEnvelopeSchema.safeParse(parsed);
  if (!envelope.success) throw notOurs(`it is damaged (${describeIssues(envelope.error)})`);
  return envelope.data.chats;
}

function notOurs(why: string): EnclaveError {
  return new EnclaveError(
    'import-not-enclave',
    `This file is not an Enclave chat export: ${why}. Choose a JSON file made with Export in Enclave (or "enclave chats export --format json").`,
  );
}

/** A string property of something that may not be an object, for naming a chat that failed to parse. */
function field(value: unknown, key: string): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const property = (value as Record<string, unknown>)[key];
  return typeof property === 'string' ? property : null;
}

/** The first few problems zod found, with where: `messages.3.role: Invalid option...`. */
function describeIssues(error: z.ZodError): string {
  const issues = error.issues.slice(0, 3).map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more problems)` : '';
  return `${issues.join('; ')}${more}`;
}

function isConstraintError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT');
}
