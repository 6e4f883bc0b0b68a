import { describe, expect, it, vi } from 'vitest';
import { errorCodes } from '../../../electron/shared/errors.js';
import type { StorageStatus } from '../../../electron/shared/storage.js';
import {
  cipherName,
  encryptPassphraseOf,
  lockReasonOf,
  newPassphraseProblem,
  protectionText,
} from '../../../renderer/src/features/storage/storageText.js';
import { createReloadGate } from '../../../renderer/src/lib/reloadGate.js';

/**
 * The pure parts of the lock screen and Settings › Data: which start-up errors the lock screen takes,
 * what a new passphrase must be, how the key's protection reads, and the gate that lets a window show
 * a new recovery key before it reloads. The screens themselves are tested in test/e2e/storage.e2e.test.ts.
 */
function status(overrides: Partial<StorageStatus> = {}): StorageStatus {
  return {
    encrypted: true,
    cipher: 'aegis-256',
    databasePath: '/data/enclave.db',
    keyFilePath: '/data/enclave.key',
    protectedBy: { keychain: true, passphrase: false },
    keychainAvailable: true,
    keyCreatedAt: '2026-03-09T10:00:00.000Z',
    recoveryKeyShownAt: null,
    policy: { encryption: 'optional', allowPassphrase: true },
    ...overrides,
  };
}

describe('the lock screen', () => {
  it('takes exactly the storage errors a passphrase or the recovery key can resolve', () => {
    const taken = errorCodes.filter((code) => lockReasonOf(code) !== null);
    expect(taken.sort()).toEqual(
      ['storage-key-file-corrupt', 'storage-key-file-missing', 'storage-keychain-unavailable', 'storage-locked', 'storage-wrong-key', 'storage-wrong-passphrase'].sort(),
    );
    // Nothing to type would help these: they stay on the plain start-up error screen.
    expect(lockReasonOf('storage-encryption-required')).toBeNull();
    expect(lockReasonOf('database-corrupt')).toBeNull();
  });

  it('offers the passphrase only where one can open the data', () => {
    expect(lockReasonOf('storage-locked')?.passphraseHelps).toBe(true);
    expect(lockReasonOf('storage-wrong-passphrase')?.passphraseHelps).toBe(true);
    for (const code of ['storage-keychain-unavailable', 'storage-wrong-key', 'storage-key-file-missing', 'storage-key-file-corrupt'] as const) {
      expect(lockReasonOf(code)?.passphraseHelps, code).toBe(false);
      expect(lockReasonOf(code)?.lead, code).toContain('recovery key');
    }
  });
});

describe('Settings › Data', () => {
  it('wants a new passphrase of 8 characters or more, typed the same twice', () => {
    expect(newPassphraseProblem('short', 'short')).toBe('Use at least 8 characters.');
    expect(newPassphraseProblem('long enough', 'long enougH')).toBe('The two passphrases are not the same.');
    expect(newPassphraseProblem('long enough', 'long enough')).toBeNull();
  });

  it('says what keeps the key and names the cipher as people know it', () => {
    expect(protectionText(status())).toBe('OS keychain');
    expect(protectionText(status({ protectedBy: { keychain: false, passphrase: true } }))).toBe('Passphrase');
    expect(protectionText(status({ protectedBy: { keychain: true, passphrase: true } }))).toMatch(/^OS keychain and passphrase/);
    expect(cipherName('aegis-256')).toBe('AEGIS-256');
  });

  it('asks for a passphrase to encrypt as the keychain and the policy allow', () => {
    const plain = (keychainAvailable: boolean, allowPassphrase: boolean) =>
      encryptPassphraseOf(status({ encrypted: false, keychainAvailable, policy: { encryption: 'optional', allowPassphrase } }));
    expect(plain(true, true)).toBe('optional');
    expect(plain(true, false)).toBe('not-offered');
    expect(plain(false, true)).toBe('required');
    expect(plain(false, false)).toBe('impossible');
  });
});

describe('the reload gate', () => {
  it('reloads at once when nothing holds it', () => {
    const reload = vi.fn();
    const gate = createReloadGate(reload);
    gate.request();
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('waits for every hold, and reloads on release only when a reload was asked for', () => {
    const reload = vi.fn();
    const gate = createReloadGate(reload);
    const first = gate.hold();
    first();
    expect(reload).not.toHaveBeenCalled();

    const dialog = gate.hold();
    const other = gate.hold();
    gate.request();
    dialog();
    dialog(); // a second release counts once
    expect(reload).not.toHaveBeenCalled();
    other();
    expect(reload).toHaveBeenCalledTimes(1);
  });
});
