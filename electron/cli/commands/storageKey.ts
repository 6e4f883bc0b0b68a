import { EnclaveError } from '../../core/errors.js';
import type { StorageStatus } from '../../shared/storage.js';
import { expectOperands, parseCommand } from '../args.js';
import { exitCodes, UsageError } from '../errors.js';
import { cliKeySources } from '../keySources.js';
import { readNewPassphrase } from '../newPassphrase.js';
import { printJson, printNotice } from '../output.js';
import { withSession } from '../session.js';
import { storageUsage } from '../usageData.js';
import type { CommandContext } from './context.js';

/**
 * `storage rekey [--show-recovery-key]`: a new random key, every page re-encrypted. The new recovery key
 * is printed when one had been shown for the old key (it stops working) or when asked for.
 */
export async function rekeyStorage(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, { json: { type: 'boolean' }, 'show-recovery-key': { type: 'boolean' } }, storageUsage);
  expectOperands(positionals, 0, 0, 'storage rekey', storageUsage);
  const change = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, async (session) => {
    session.requireDatabase();
    const { protectedBy } = await session.request('storage.status', {});
    // The new key is wrapped by the passphrase too; the one that unlocked is reused (asked once per run).
    const passphrase = protectedBy.passphrase ? await cliKeySources().passphrase?.() : null;
    return session.request('storage.rekey', {
      ...(passphrase ? { passphrase } : {}),
      ...(values['show-recovery-key'] ? { showRecoveryKey: true } : {}),
    });
  });
  if (values.json) printJson(change);
  else if (change.recoveryKey === null) {
    process.stdout.write('The database key was changed: every page is re-encrypted under a new key.\n');
    process.stdout.write('No recovery key had been shown for the old key; show the new one (once) with: enclave storage recovery-key\n');
  } else {
    process.stdout.write('The database key was changed: every page is re-encrypted under a new key.\n');
    process.stdout.write(`New recovery key: ${change.recoveryKey}\n`);
    process.stdout.write('The old recovery key no longer opens the data (keep it only for backups made before this change). Keep this one somewhere safe: it is shown only this once.\n');
  }
  return exitCodes.ok;
}

/**
 * `storage passphrase [--new-passphrase-file <file>] [--remove]`: unlocked by the current passphrase or
 * by --recovery-key-file (which mends a lost passphrase or a damaged key file); the new passphrase from
 * its file or typed twice at a terminal, never from the command line.
 */
export async function changePassphrase(context: CommandContext): Promise<number> {
  const options = { json: { type: 'boolean' }, 'new-passphrase-file': { type: 'string' }, remove: { type: 'boolean' } } as const;
  const { values, positionals } = parseCommand(context.args, options, storageUsage);
  expectOperands(positionals, 0, 0, 'storage passphrase', storageUsage);
  const newPassphraseFile = values['new-passphrase-file'];
  if (values.remove && newPassphraseFile !== undefined) throw new UsageError('give --new-passphrase-file or --remove, not both', storageUsage);
  const status = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, async (session) => {
    session.requireDatabase();
    // Asked only now, once the data is open: a wrong current passphrase stops before the new one is typed.
    const passphrase = values.remove ? null : await newPassphrase(newPassphraseFile);
    return session.request('storage.setPassphrase', { passphrase });
  });
  if (values.json) printJson(status);
  else process.stdout.write(passphraseText(status));
  return exitCodes.ok;
}

async function newPassphrase(file: string | undefined): Promise<string> {
  const passphrase = await readNewPassphrase(file);
  if (passphrase === null) {
    throw new EnclaveError(
      'invalid-request',
      'Give the new passphrase in a file (--new-passphrase-file <file>), or run this at a terminal to type it; it is never taken from the command line. Nothing was changed.',
    );
  }
  return passphrase;
}

function passphraseText(status: StorageStatus): string {
  if (!status.protectedBy.passphrase) return 'The passphrase was removed: the OS keychain alone keeps the key now.\n';
  const keychain = status.protectedBy.keychain ? ', as the OS keychain does' : '';
  return `The new passphrase now unlocks ${status.databasePath}${keychain}; the old one no longer does (a copy of the old key file still opens with it: delete such copies).\n`;
}

/**
 * `storage recovery-key`: the key alone on stdout (so `> file` keeps just the key), the advice on stderr.
 * Core shows it once per key and refuses after, saying how to get a new one.
 */
export async function showRecoveryKey(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, { json: { type: 'boolean' } }, storageUsage);
  expectOperands(positionals, 0, 0, 'storage recovery-key', storageUsage);
  const { recoveryKey } = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, (session) => {
    session.requireDatabase();
    return session.request('storage.recoveryKey', {});
  });
  if (values.json) printJson({ recoveryKey });
  else process.stdout.write(`${recoveryKey}\n`);
  printNotice('this recovery key opens the data without the passphrase, even if the key file is lost. Keep it somewhere safe (IT escrow); it is shown only this once.');
  return exitCodes.ok;
}
