import { checkPassphrase } from '../core/storage/keyWrapping.js';
import { EnclaveError } from '../core/errors.js';
import { askAtTerminal, readSecretFile } from './keySources.js';

/**
 * A passphrase about to protect the database key: read from `file` when one is given, else typed twice
 * at a terminal, as a typo nobody can repeat would lock the data away. Null when there is neither a file
 * nor a terminal (or the typing was cancelled). Never from the command line itself (keySources.ts).
 */
export async function readNewPassphrase(file: string | undefined, what = 'new passphrase', ask = askAtTerminal): Promise<string | null> {
  if (file !== undefined) return readSecretFile(file, what);
  const first = await ask('New passphrase: ');
  if (first === null) return null;
  // Refused before it is typed a second time, not after.
  checkPassphrase(first);
  const again = await ask('The same passphrase again: ');
  if (again === null) return null;
  if (again !== first) throw new EnclaveError('invalid-request', 'The two passphrases typed differ. Nothing was changed.');
  return first;
}
