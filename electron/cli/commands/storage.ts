import { EnclaveError } from '../../core/errors.js';
import type { StorageStatus } from '../../shared/storage.js';
import { expectOperands, parseCommand } from '../args.js';
import { exitCodes } from '../errors.js';
import { passphraseFile } from '../keySources.js';
import { readNewPassphrase } from '../newPassphrase.js';
import { printJson } from '../output.js';
import { withSession } from '../session.js';
import { printStorageStatus } from '../storageText.js';
import { storageUsage } from '../usageData.js';
import type { Command, CommandContext } from './context.js';
import { changePassphrase, rekeyStorage, showRecoveryKey } from './storageKey.js';
import { runSubcommand } from './subcommands.js';

const subcommands: Record<string, Command> = {
  status: showStatus,
  encrypt: encryptStorage,
  rekey: rekeyStorage,
  passphrase: changePassphrase,
  'recovery-key': showRecoveryKey,
};

/** `enclave storage <subcommand>`: the database's encryption and its key, as Settings, Data shows them. */
export function storageCommand(context: CommandContext): Promise<number> {
  return runSubcommand('storage', subcommands, context, storageUsage);
}

/** Reports, whatever it finds: exit 0 for a locked or plain database too (the Data line says why it is not open). */
async function showStatus(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, { json: { type: 'boolean' } }, storageUsage);
  expectOperands(positionals, 0, 0, 'storage status', storageUsage);
  const { status, problem } = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, async (session) => ({
    // No requireDatabase: the status is read from the files, without the key.
    status: await session.request('storage.status', {}),
    problem: session.core.status.startupError,
  }));
  if (values.json) printJson({ ...status, problem });
  else printStorageStatus(status, problem);
  return exitCodes.ok;
}

/** Encrypts a plain database; the CLI has no keychain, so the new key is kept by a passphrase. */
async function encryptStorage(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, { json: { type: 'boolean' } }, storageUsage);
  expectOperands(positionals, 0, 0, 'storage encrypt', storageUsage);
  const status = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, async (session) => {
    session.requireDatabase();
    const before = await session.request('storage.status', {});
    // Said before a passphrase is asked for (twice) in vain.
    if (before.encrypted) throw new EnclaveError('invalid-request', `${before.databasePath} is already encrypted. Nothing was changed.`);
    const passphrase = await readNewPassphrase(passphraseFile(), 'passphrase');
    if (passphrase === null) {
      throw new EnclaveError(
        'storage-locked',
        'Encrypting needs a passphrase to keep the key (the CLI has no OS keychain): give --passphrase-file <file> or ENCLAVE_PASSPHRASE_FILE, or run it at a terminal to type one. Nothing was changed.',
      );
    }
    return session.request('storage.encrypt', { passphrase });
  });
  if (values.json) printJson(status);
  else process.stdout.write(encryptedText(status));
  return exitCodes.ok;
}

function encryptedText(status: StorageStatus): string {
  return (
    `Encrypted ${status.databasePath} (cipher ${status.cipher ?? 'unknown'}). Its key is in ${status.keyFilePath}, protected by the passphrase.\n` +
    'Get the recovery key (it opens the data if the passphrase or the key file is lost) with: enclave storage recovery-key\n'
  );
}
