import path from 'node:path';
import { EnclaveError } from '../../core/errors.js';
import type { BackupResult } from '../../shared/storage.js';
import { expectOperands, parseCommand } from '../args.js';
import { displayPath } from '../documentText.js';
import { exitCodes } from '../errors.js';
import { readSecretFile } from '../keySources.js';
import { formatBytes, printFields, printJson, printUsage } from '../output.js';
import { withSession } from '../session.js';
import { backupUsage, restoreUsage } from '../usageData.js';
import type { CommandContext } from './context.js';

const backupOptions = { json: { type: 'boolean' }, 'key-file': { type: 'string' } } as const;

/**
 * `enclave backup <file> [--key-file <file>]`: a consistent copy while Enclave may be running (the app
 * or another command), encrypted with the database key, or with the recovery-key formatted key in
 * --key-file (a key IT keeps for backups, say).
 */
export async function backupCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, backupOptions, backupUsage);
  if (values.help) return printUsage(backupUsage);
  const [file = ''] = expectOperands(positionals, 1, 1, 'backup <file>', backupUsage);
  const keyFile = values['key-file'];
  const recoveryKey = keyFile === undefined ? undefined : readSecretFile(keyFile, 'backup key');
  const result = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, async (session) => {
    session.requireDatabase();
    const [grant] = await session.grant([file], 'backup');
    return session.request('storage.backup', { ...(grant ? { grant } : {}), ...(recoveryKey ? { recoveryKey } : {}) });
  });
  // Null only when a save dialog is cancelled, and a terminal has none.
  if (!result) throw new EnclaveError('io-error', `The backup was not written to ${file}.`);
  if (values.json) printJson(result);
  else printBackup(result, keyFile);
  return exitCodes.ok;
}

function printBackup(result: BackupResult, keyFile: string | undefined): void {
  const encryption = !result.encrypted
    ? 'no: the database is not encrypted, so anyone who can read this file can read the chats'
    : keyFile === undefined
      ? "yes, with the database's key (its recovery key opens it too)"
      : `yes, with the key in ${displayPath(keyFile)}`;
  printFields([
    ['Backup', result.path],
    ['Size', formatBytes(result.bytes)],
    ['Encrypted', encryption],
  ]);
  if (result.note) process.stderr.write(`enclave: ${result.note}\n`);
}

/**
 * `enclave restore <file> [--key-file <file>]`: the backup replaces the database, re-encrypted with its
 * key. Core checks the backup first and refuses while another Enclave has the database open.
 */
export async function restoreCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, backupOptions, restoreUsage);
  if (values.help) return printUsage(restoreUsage);
  const [file = ''] = expectOperands(positionals, 1, 1, 'restore <file>', restoreUsage);
  const keyFile = values['key-file'];
  const recoveryKey = keyFile === undefined ? undefined : readSecretFile(keyFile, 'backup key');
  const databasePath = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, async (session) => {
    session.requireDatabase();
    const [grant] = await session.grant([file], 'restore');
    await session.request('storage.restore', { ...(grant ? { grant } : {}), ...(recoveryKey ? { recoveryKey } : {}) });
    return session.core.status.databasePath;
  });
  if (values.json) printJson({ restored: true, backup: path.resolve(file), databasePath });
  else process.stdout.write(`Restored ${displayPath(file)}: ${databasePath} now holds the backup's chats, documents and settings.\n`);
  return exitCodes.ok;
}
