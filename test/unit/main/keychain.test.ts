import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);

const { keychain } = await import('../../../electron/main/keychain.js');
const { fakeElectron } = await import('./fakeElectron.js');

describe('API keys in the OS keychain (safeStorage)', () => {
  it('encrypts and decrypts through safeStorage, never keeping the key in clear', async () => {
    const sealed = await keychain.encrypt('sk-secret');
    expect(sealed.toString()).not.toContain('sk-secret');
    expect(await keychain.decrypt(sealed)).toBe('sk-secret');
    expect(fakeElectron.safeStorage.encryptStringAsync).toHaveBeenCalledWith('sk-secret');
  });

  it('counts Linux without a secret service (basic_text) as unavailable', async () => {
    const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { value: 'linux' });
    try {
      fakeElectron.safeStorage.backend = 'basic_text';
      expect(await keychain.isAvailable()).toBe(false);
      fakeElectron.safeStorage.backend = 'gnome_libsecret';
      expect(await keychain.isAvailable()).toBe(true);
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
  });
});
