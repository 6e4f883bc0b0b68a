/** How `enclave storage status` words the database's encryption, its key and the policy. */
import type { AppError } from '../shared/errors.js';
import type { StorageStatus } from '../shared/storage.js';
import { formatTime, printFields } from './output.js';

/** Prints the status as aligned fields; `problem` is why the data could not be opened this run, if it could not. */
export function printStorageStatus(status: StorageStatus, problem: AppError | null): void {
  const fields: [string, string][] = [['Database', status.databasePath]];
  if (status.encrypted) {
    fields.push(
      ['Encryption', `encrypted, cipher ${status.cipher ?? 'unknown'}`],
      ['Key file', status.keyFilePath],
      ['Key protected by', describeProtection(status)],
    );
    // Without a readable key file there is no key to date, nor a record of its recovery key.
    if (status.keyCreatedAt !== null) {
      const shown = status.recoveryKeyShownAt === null ? 'not shown yet (enclave storage recovery-key shows it once)' : `shown ${formatTime(Date.parse(status.recoveryKeyShownAt))}`;
      fields.push(['Key created', formatTime(Date.parse(status.keyCreatedAt))], ['Recovery key', shown]);
    }
  } else {
    fields.push(['Encryption', 'none: plain SQLite, readable by anyone who can read the file (enclave storage encrypt)']);
  }
  fields.push(['Policy', describePolicy(status.policy)], ['Data', problem === null ? 'open' : `not open: ${problem.message}`]);
  printFields(fields);
}

function describeProtection(status: StorageStatus): string {
  const { keychain, passphrase } = status.protectedBy;
  const noKeychainHere = status.keychainAvailable ? '' : ' (no OS keychain here)';
  if (keychain && passphrase) return `the OS keychain and a passphrase, either opens the data${noKeychainHere}`;
  if (passphrase) return 'a passphrase';
  if (keychain) return `the OS keychain${noKeychainHere}: unlock with the recovery key, or set a passphrase in the app`;
  return 'nothing readable: the key file is missing or damaged (enclave storage passphrase --recovery-key-file <file> mends it)';
}

function describePolicy(policy: StorageStatus['policy']): string {
  const encryption = policy.encryption === 'required' ? 'encryption required' : 'encryption optional';
  return `${encryption}, passphrase ${policy.allowPassphrase ? 'allowed' : 'not allowed (the OS keychain only)'}`;
}
