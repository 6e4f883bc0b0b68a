import type { DatabaseKey } from '../db/databaseCipher.js';
import { EnclaveError } from '../errors.js';
import type { Handlers, StorageChannel } from '../ipc/dispatch.js';
import type { DataPaths } from '../paths.js';
import { backupDatabase, restoreDatabase } from '../storage/backup.js';
import { encryptStorage, type KeyChangeOptions, rekeyStorage, revealRecoveryKey, setPassphrase } from '../storage/keyChanges.js';
import type { KeySources, StoragePolicy } from '../storage/keySources.js';
import { parseRecoveryKey } from '../storage/keyWrapping.js';
import { storageStatus } from '../storage/storageStatus.js';
import { unlockStorage } from '../storage/unlockStorage.js';
import type { CoreServices } from './context.js';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AuditTrail } from '../audit/auditTrail.js';
import { setTrailAside } from '../audit/setTrailAside.js';
import type { AuditDetails, AuditEventType } from '../../shared/audit.js';
import type { StorageKeyChange } from '../../shared/storage.js';

const wrongGuessCodes = new Set<string>(['storage-wrong-passphrase', 'storage-wrong-key']);

export interface StorageControl {
  paths: DataPaths;
  sources: KeySources;
  policy: StoragePolicy;
  nativeBinding: string | undefined;
  services: CoreServices;
  /** The key the open database uses (null: plain SQLite, or locked). */
  liveKey(): DatabaseKey;
  isLocked(): boolean;
  /** Closes the database, runs `work` (which returns the key to open with next), and opens it again. */
  reopen(work: () => Promise<DatabaseKey>): Promise<void>;
  /** The open database's audit trail, and the database (undefined while locked). */
  audit(): AuditTrail | undefined;
  database(): Database | undefined;
}

/** Settings, Data and `enclave storage`: the database's encryption, its key, backups (storage/). */
export function storageHandlers(control: StorageControl): Pick<Handlers, StorageChannel> {
  // `policy` read at each use: the machine policy may change while the app runs.
  const options: KeyChangeOptions = {
    paths: control.paths,
    sources: control.sources,
    get policy() {
      return control.policy;
    },
    nativeBinding: control.nativeBinding,
  };
  const status = () => storageStatus(control.paths, control.sources, control.policy);
  const unlocked = (): Buffer => {
    if (control.isLocked()) throw new EnclaveError('storage-locked', 'The database is locked: unlock it first.');
    const key = control.liveKey();
    if (!key) throw new EnclaveError('storage-not-encrypted', 'The database is not encrypted: encrypt it first.');
    return key;
  };
  const record = (type: AuditEventType, details: AuditDetails = {}) => control.audit()?.record(type, details);
  // Failed unlocks happen while the database is shut: counted, and recorded once it opens.
  let failedUnlocks = 0;
  return {
    'storage.status': status,
    'storage.unlock': async ({ passphrase, recoveryKey }) => {
      if (!control.isLocked()) return status();
      if (passphrase === undefined && recoveryKey === undefined) throw new EnclaveError('invalid-request', 'Give the passphrase or the recovery key.');
      const sources: KeySources = {
        ...control.sources,
        passphrase: () => Promise.resolve(passphrase ?? null),
        ...(recoveryKey !== undefined ? { recoveryKey } : {}),
      };
      // Checked before the (locked) core is stopped: a wrong passphrase changes nothing at all. Requests
      // run one at a time (enclave.ts), and a wrong guess holds the line for a second: a compromised
      // window cannot try passphrases faster than a person types them.
      const { key } = await unlockStorage({ paths: control.paths, sources, policy: control.policy, nativeBinding: control.nativeBinding }).catch(
        async (error: unknown) => {
          failedUnlocks++;
          if (error instanceof EnclaveError && wrongGuessCodes.has(error.code)) await new Promise((resolve) => setTimeout(resolve, 1000));
          throw error;
        },
      );
      await control.reopen(() => Promise.resolve(key));
      if (failedUnlocks > 0) record('storage.unlockFailed', { attempts: failedUnlocks, then: recoveryKey !== undefined ? 'recovery key' : 'passphrase' });
      failedUnlocks = 0;
      return status();
    },
    'storage.encrypt': async ({ passphrase }) => {
      if (control.isLocked()) throw new EnclaveError('storage-locked', 'The database is locked: unlock it first.');
      await control.reopen(() => encryptStorage(options, passphrase ?? null));
      record('storage.encrypted', { passphrase: passphrase !== undefined });
      return status();
    },
    'storage.rekey': async ({ passphrase, showRecoveryKey }) => {
      const liveKey = unlocked();
      const result: StorageKeyChange = { recoveryKey: null };
      await control.reopen(async () => {
        const change = await rekeyStorage(options, liveKey, { passphrase: passphrase ?? null, showRecoveryKey: showRecoveryKey ?? false });
        result.recoveryKey = change.recoveryKey;
        return change.key;
      });
      record('storage.rekeyed', { recoveryKeyShown: result.recoveryKey !== null });
      return result;
    },
    'storage.setPassphrase': async ({ passphrase }) => {
      await setPassphrase(options, unlocked(), passphrase);
      record('storage.passphraseChanged', { removed: passphrase === null });
      return status();
    },
    'storage.recoveryKey': () => {
      const recoveryKey = revealRecoveryKey(options, unlocked());
      record('storage.recoveryKeyShown');
      return { recoveryKey };
    },
    'storage.backup': async ({ grant, recoveryKey }) => {
      if (control.isLocked()) throw new EnclaveError('storage-locked', 'The database is locked: unlock it first.');
      // Parsed before the dialog opens: a mistyped key is told at once, not after choosing a file.
      const backupKey = recoveryKey !== undefined ? parseRecoveryKey(recoveryKey) : undefined;
      const chosen = grant ?? (await control.services.pickBackupDestination?.()) ?? null;
      if (!chosen) return null;
      const destination = grantedPath(control, chosen, 'backup');
      const liveKey = control.liveKey();
      const written = backupDatabase({ databasePath: control.paths.databasePath, liveKey, destination, backupKey, policy: control.policy, nativeBinding: control.nativeBinding });
      const status = await storageStatus(control.paths, control.sources, control.policy);
      // Under the database's key, kept only by this machine's keychain (and a passphrase's key file):
      // lose the machine and, without the recovery key, the backup is lost with it.
      const note =
        liveKey && !backupKey && status.recoveryKeyShownAt === null
          ? 'This backup opens only with this database’s key. Show the recovery key (once) and keep it with IT: without it, the backup cannot be restored on another machine or after this key changes.'
          : null;
      record('backup.created', { bytes: written.bytes, encrypted: written.encrypted, ownKey: backupKey !== undefined });
      return { ...written, note };
    },
    'storage.restore': async ({ grant, recoveryKey }) => {
      if (control.isLocked()) throw new EnclaveError('storage-locked', 'The database is locked: unlock it first.');
      const chosen = grant ?? (await control.services.pickBackupFile?.()) ?? null;
      if (!chosen) return { restored: false };
      const backupPath = grantedPath(control, chosen, 'restore');
      const backupKey = recoveryKey !== undefined ? parseRecoveryKey(recoveryKey) : undefined;
      const liveKey = control.liveKey();
      const database = control.database();
      // The trail being replaced, kept beside the database: the restored one ends where the backup did.
      const aside = database ? setTrailAside(database, control.paths.dataDir) : null;
      try {
        await control.reopen(() => {
          restoreDatabase({ databasePath: control.paths.databasePath, liveKey, backupPath, backupKey, policy: control.policy, nativeBinding: control.nativeBinding });
          return Promise.resolve(liveKey);
        });
      } catch (error) {
        if (aside) fs.rmSync(aside.file, { force: true });
        throw error;
      }
      // In the restored trail, which continues from the backup's last entry: what it replaced, and where that is.
      record('backup.restored', {
        withOwnKey: backupKey !== undefined,
        replacedHeadSeq: aside?.headSeq ?? null,
        replacedHeadHash: aside?.headHash ?? null,
        replacedTrailFile: aside ? path.basename(aside.file) : null,
        replacedTrailEntries: aside?.entries ?? null,
        replacedTrailSha256: aside?.sha256 ?? null,
      });
      return { restored: true };
    },
  };
}

function grantedPath(control: StorageControl, grant: string, purpose: 'backup' | 'restore'): string {
  const fileGrants = control.services.fileGrants;
  if (!fileGrants) throw new EnclaveError('file-not-granted', 'Enclave was not given a file for this.');
  const granted = fileGrants.resolve(grant, purpose);
  if (granted.kind !== 'file') throw new EnclaveError('invalid-request', 'Choose a file, not a folder.');
  return granted.path;
}
