/**
 * The process the crash test kills: one encryption or key change of the database in `ENCLAVE_DATA_DIR`,
 * as `enclave storage encrypt|rekey` does it, with the OS keychain played by a key shared with the
 * test. Prints each step as it is reached, so the test can aim its kill.
 */
import { encryptStorage, rekeyStorage } from '../../../electron/core/storage/keyChanges.js';
import { defaultStoragePolicy } from '../../../electron/core/storage/keySources.js';
import { unlockStorage } from '../../../electron/core/storage/unlockStorage.js';
import { dataPaths } from '../../../electron/core/paths.js';
import { testKeychain } from '../../support/testKeychain.js';

const dataDir = process.env.ENCLAVE_DATA_DIR ?? '';
const operation = process.env.ENCLAVE_KEY_CHANGE;
const keychain = testKeychain({ key: Buffer.from(process.env.ENCLAVE_TEST_KEYCHAIN_KEY ?? '', 'hex') });
const pauseAt = process.env.ENCLAVE_PAUSE_AT;
const options = {
  paths: dataPaths(dataDir),
  sources: { keychain },
  policy: defaultStoragePolicy,
  onStep: (step: string) => {
    process.stdout.write(`${step}\n`);
    // Holds still right after this step, for the test's kill to land exactly there.
    if (step === pauseAt) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000);
  },
};

process.stdout.write('start\n');
if (operation === 'encrypt') {
  await encryptStorage(options, null);
} else {
  const { key } = await unlockStorage(options);
  if (!key) throw new Error('expected an encrypted database');
  await rekeyStorage(options, key, { passphrase: null, showRecoveryKey: false });
}
process.stdout.write('done\n');
