import fs from 'node:fs';
import { EnclaveError } from '../../core/errors.js';
import { type ChatSelection, chatExportPieces, recordChatExport, selectedChats } from '../../core/history/exportChats.js';
import { assertChatExportAllowed } from '../../core/policy/chatExport.js';
import type { ChatEraseReport, ChatImportReport } from '../../shared/history.js';
import { maxImportCharacters } from '../../shared/history.js';
import { expectOperands } from '../args.js';
import { displayPath } from '../documentText.js';
import { exitCodes, UsageError } from '../errors.js';
import { printJson, printNotice } from '../output.js';
import { writeFileWhole } from '../outputFile.js';
import { withSession } from '../session.js';
import { chatsUsage } from '../usage.js';

/** The options of `chats export|import|delete`, as parsed by `chats`. */
export interface TransferOptions {
  dataDir: string | undefined;
  json: boolean | undefined;
  all: boolean | undefined;
  format: string | undefined;
  out: string | undefined;
  yes: boolean | undefined;
}

/**
 * `chats export <id>|--all --format md|json [--out <file>]`: written one chat at a time, to standard
 * output or to a file that only appears, whole, once the export is complete.
 */
export async function exportSubcommand(operands: string[], options: TransferOptions): Promise<number> {
  const selection = selectionOf(operands, options.all, 'chats export <id>|--all --format md|json');
  if (options.format !== 'md' && options.format !== 'json') {
    const given = options.format === undefined ? 'missing --format' : `--format must be md or json, not "${options.format}"`;
    throw new UsageError(`${given}: enclave chats export <id>|--all --format md|json`, chatsUsage);
  }
  const format = options.format;
  const counts = await withSession({ dataDir: options.dataDir }, async (session) => {
    session.requireDatabase();
    assertChatExportAllowed(session.core.policy.policy);
    const { db, audit } = session.core;
    if (!db || !audit) throw new EnclaveError('database-unavailable', 'The database is not open.');
    const chats = selectedChats(db, selection);
    const counts = { chats: chats.length, messages: chats.reduce((total, chat) => total + chat.messageCount, 0) };
    // In the audit trail before the first piece is written.
    recordChatExport(audit, selection, format, counts, options.out === undefined ? 'stdout' : 'file');
    const pieces = chatExportPieces(db, selection, format);
    if (options.out === undefined) for (const piece of pieces) await writeToStdout(piece);
    else writeFileWhole(options.out, pieces);
    return counts;
  });
  if (options.out !== undefined) {
    printNotice(`exported ${plural(counts.chats, 'chat')} (${plural(counts.messages, 'message')}) to ${displayPath(options.out)}.`);
  }
  return exitCodes.ok;
}

/** `chats import <file>`: exit 1 when some chats of the file could not be imported (they are listed). */
export async function importSubcommand(operands: string[], options: TransferOptions): Promise<number> {
  const [file = ''] = expectOperands(operands, 1, 1, 'chats import <file>', chatsUsage);
  const content = readImportFile(file);
  const report = await withSession({ dataDir: options.dataDir }, (session) => {
    session.requireDatabase();
    return session.request('chats.import', { content });
  });
  if (options.json) printJson(report);
  else printImportReport(report);
  return report.rejected.length > 0 ? exitCodes.failure : exitCodes.ok;
}

/** `chats delete <id>` or `chats delete --all --yes`. */
export async function deleteSubcommand(operands: string[], options: TransferOptions): Promise<number> {
  const selection = selectionOf(operands, options.all, 'chats delete <id>|--all');
  if ('all' in selection && !options.yes) {
    throw new UsageError('"chats delete --all" deletes every chat for good: add --yes to confirm', chatsUsage);
  }
  const report: ChatEraseReport & { title?: string } = await withSession({ dataDir: options.dataDir }, async (session) => {
    session.requireDatabase();
    if ('all' in selection) return session.request('chats.deleteAll', {});
    const { chat } = await session.request('chats.get', { chatId: selection.chatId });
    const { messagesDeleted, fileErased } = await session.request('chats.delete', { chatId: selection.chatId });
    return { chatsDeleted: 1, messagesDeleted, fileErased, title: chat.title };
  });
  if (options.json) printJson(report);
  else {
    const what = report.title === undefined ? plural(report.chatsDeleted, 'chat') : `the chat "${report.title}"`;
    const erased = report.fileErased ? '; the text is erased from the database file' : '';
    process.stdout.write(`Deleted ${what} (${plural(report.messagesDeleted, 'message')})${erased}.\n`);
  }
  if (!report.fileErased) {
    printNotice(
      'another program has the database open, so the deleted text is not yet erased from the file; it will be the next time chats are deleted with Enclave closed.',
    );
  }
  return exitCodes.ok;
}

function selectionOf(operands: string[], all: boolean | undefined, form: string): ChatSelection {
  if (all) {
    expectOperands(operands, 0, 0, form, chatsUsage);
    return { all: true };
  }
  const [chatId = ''] = expectOperands(operands, 1, 1, form, chatsUsage);
  return { chatId };
}

function readImportFile(file: string): string {
  let content: string;
  try {
    if (fs.statSync(file).size > maxImportCharacters * 4) throw new RangeError('too large');
    content = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EnclaveError('not-found', `There is no file ${displayPath(file)}.`);
    if (error instanceof RangeError || code === 'ERR_STRING_TOO_LONG') throw tooLarge(file);
    throw new EnclaveError('io-error', `Could not read ${displayPath(file)}: ${(error as Error).message}`, { cause: error });
  }
  if (content.length > maxImportCharacters) throw tooLarge(file);
  if (content.trim().length === 0) {
    throw new EnclaveError('import-not-enclave', `The file ${displayPath(file)} is empty: it is not an Enclave chat export.`);
  }
  return content;
}

function tooLarge(file: string): EnclaveError {
  return new EnclaveError(
    'invalid-request',
    `${displayPath(file)} is larger than an import can be (${maxImportCharacters / 1024 / 1024} M characters). Export and import fewer chats at a time.`,
  );
}

function printImportReport(report: ChatImportReport): void {
  const parts = [`Imported ${plural(report.chatsImported, 'new chat')}`];
  if (report.chatsMerged > 0) parts.push(`added to ${plural(report.chatsMerged, 'chat')} already here`);
  parts.push(`${plural(report.messagesImported, 'message')} in all`);
  const skipped = report.messagesSkipped > 0 ? ` ${plural(report.messagesSkipped, 'message')} already here were skipped.` : '';
  process.stdout.write(`${parts.join(', ')}.${skipped}\n`);
  if (report.rejected.length === 0) return;
  process.stdout.write(`Not imported: ${plural(report.rejected.length, 'chat')}:\n`);
  for (const rejected of report.rejected) {
    const name = rejected.title === null ? `chat ${rejected.index + 1}` : `chat ${rejected.index + 1} "${rejected.title}"`;
    process.stdout.write(`  ${name}: ${rejected.reason}\n`);
  }
}

/** Waits for standard output to drain when it is full, so a large export to a pipe stays within memory. */
function writeToStdout(piece: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(piece)) resolve();
    else process.stdout.once('drain', resolve);
  });
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
