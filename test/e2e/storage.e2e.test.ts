/**
 * Encryption at rest as the user meets it, in Chromium against the real core and a real encrypted
 * database: Settings › Data (what protects the key, a passphrase, the recovery key shown once, a
 * backup and a restore, a new key), then the same data folder opened where the OS keychain is
 * unavailable: the lock screen, a wrong passphrase, the right one, and the recovery key. Last, a plain
 * database encrypted from Settings, and the passphrase hidden where policy allows the keychain only.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations } from './accessibility.js';
import type { EnclaveApi } from '../../electron/shared/api.js';
import { type EnclaveHarness, type EnclaveHarnessOptions, startEnclave } from './bridge.js';
import { focusedElementName } from './pageProbes.js';

const keptTitle = 'Quarterly supplier review';
const deletedTitle = 'Harbour lease renewal';
const passphrase = 'correct horse battery staple';

let folder: string;
let dataDir: string;
let enclave: EnclaveHarness | undefined;
let page: Page;
/** The recovery key the Data section showed last, for unlocking later. */
let recoveryKey = '';
/** The one shown before the key changed, which opens nothing any more. */
let previousRecoveryKey = '';

async function open(options: Partial<EnclaveHarnessOptions> = {}): Promise<void> {
  await enclave?.close();
  enclave = await startEnclave({ withModel: true, dataDir, ...options });
  page = enclave.page;
}

function harness(): EnclaveHarness {
  if (!enclave) throw new Error('No harness is running.');
  return enclave;
}

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'enclave-storage-e2e-'));
  dataDir = path.join(folder, 'data');
  await open();
});

afterAll(async () => {
  await enclave?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

afterEach(() => {
  expect(harness().pageErrors, 'console errors, uncaught exceptions or CSP violations').toEqual([]);
  expect(harness().foreignRequests, 'the page must load nothing from outside the app').toEqual([]);
});

const dataSection = () => page.getByRole('region', { name: 'Data', exact: true });
const chatButton = (title: string) =>
  page.getByRole('navigation', { name: 'Chats' }).getByRole('listitem').getByRole('button', { name: title, exact: true });

/** Whether keyboard focus is on `field` (run in the page; the test project has no DOM types). */
function isFocused(field: Locator): Promise<boolean> {
  return field.evaluate((element) => element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement);
}

/** Run in the page: asks for the recovery key through the window's own API, as a second click would. */
function askForRecoveryKey(): ReturnType<EnclaveApi['storage']['recoveryKey']> {
  return (globalThis as unknown as { enclave: EnclaveApi }).enclave.storage.recoveryKey();
}

/** Run in the page: marks this load of it, so a test can tell when the window has reloaded. */
function markThisLoad(): void {
  (globalThis as unknown as Record<string, unknown>).__beforeReload = true;
}

function isSameLoad(): boolean {
  return (globalThis as unknown as Record<string, unknown>).__beforeReload === true;
}

async function openDataSection(): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
  await dataSection().getByRole('heading', { name: 'Encryption' }).waitFor({ timeout: 20_000 });
}

describe('Settings › Data, with the OS keychain', () => {
  it('shows a new database encrypted with AEGIS-256, its key kept by the OS keychain', async () => {
    for (const title of [keptTitle, deletedTitle]) await harness().core.handlers['chats.create']({ title });
    await chatButton(deletedTitle).waitFor();
    await openDataSection();
    const text = (await dataSection().textContent()) ?? '';
    expect(text).toContain('Encrypted with AEGIS-256');
    expect(text).toContain('Key protected byOS keychain');
    expect(text).toContain('Not shown yet');
    expect(text).toContain(path.join(dataDir, 'enclave.db'));
    await dataSection().scrollIntoViewIfNeeded();
    await harness().screenshot(page, 'settings-data', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
    await harness().screenshot(page, 'settings-data', 'dark');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('sets a passphrase typed twice, refusing a short one and a mismatch first', async () => {
    await dataSection().getByRole('button', { name: 'Set passphrase…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Set a passphrase' });
    const first = dialog.getByLabel('New passphrase');
    const second = dialog.getByLabel('Type it again');
    const submit = dialog.getByRole('button', { name: 'Set passphrase' });
    await expect.poll(() => isFocused(first)).toBe(true);
    expect(await first.getAttribute('type')).toBe('password');

    await first.fill('short');
    await second.fill('short');
    expect(await dialog.textContent()).toContain('Use at least 8 characters.');
    expect(await submit.isDisabled()).toBe(true);
    await first.fill(passphrase);
    await second.fill(`${passphrase}!`);
    expect(await dialog.textContent()).toContain('The two passphrases are not the same.');
    expect(await submit.isDisabled()).toBe(true);

    await second.fill(passphrase);
    await second.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await dataSection().getByText('The passphrase was set').waitFor();
    expect(await dataSection().textContent()).toContain('OS keychain and passphrase (either one opens the data)');
    expect(await harness().core.handlers['storage.status']({})).toMatchObject({ protectedBy: { keychain: true, passphrase: true } });
    await dataSection().getByRole('button', { name: 'Change passphrase…' }).waitFor();
  });

  it('shows the recovery key once, for IT, and refuses to show it again', async () => {
    await dataSection().getByRole('button', { name: 'Show recovery key…' }).click();
    const ask = page.getByRole('dialog', { name: 'Show the recovery key?' });
    expect(await ask.textContent()).toContain('Enclave shows it only once');
    await ask.getByRole('button', { name: 'Show recovery key' }).click();

    const shown = page.getByRole('dialog', { name: 'Recovery key' });
    recoveryKey = (await shown.locator('.recovery-key code').textContent()) ?? '';
    expect(recoveryKey).toMatch(/^(?:[0-9a-f]{8}-){8}[0-9a-f]{4}$/);
    expect(await shown.textContent()).toContain('Give it to IT to keep in escrow');
    await shown.getByRole('button', { name: 'Copy recovery key' }).waitFor();
    await harness().screenshot(page, 'recovery-key', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
    await shown.getByRole('button', { name: 'I have stored it' }).press('Enter');
    await shown.waitFor({ state: 'hidden' });

    expect(await dataSection().getByRole('button', { name: 'Show recovery key…' }).count()).toBe(0);
    expect(await dataSection().textContent()).toMatch(/Recovery keyShown on .+; change the key to get a new one/);
    // A second request, straight through the window's API, is refused with the reason.
    const again = await page.evaluate(askForRecoveryKey);
    expect(again).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(again.ok ? '' : again.error.message).toMatch(/already shown .*change the key/);
  });

  it('backs up to the file picked in the save dialog, encrypted', async () => {
    const backup = path.join(folder, 'monday.enclave-backup');
    harness().setPickedBackupDestination(backup);
    await dataSection().getByRole('button', { name: 'Back up…' }).click();
    await dataSection().getByText(`Backed up to ${backup}`).waitFor({ timeout: 20_000 });
    expect(await dataSection().textContent()).toContain('encrypted with this database’s key');
    expect(existsSync(backup)).toBe(true);
    const bytes = await readFile(backup);
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(Buffer.from(keptTitle))).toBe(false);
    expect(bytes.subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
  });

  it('restores the backup after a warning, bringing back a chat deleted since', async () => {
    const chats = await harness().core.handlers['chats.list']({});
    const deleted = chats.find((chat) => chat.title === deletedTitle)!;
    await harness().core.handlers['chats.delete']({ chatId: deleted.id });
    // Deleted behind the window's back (no event says so): a reload shows the list as it is now.
    await page.reload();
    await chatButton(keptTitle).waitFor();
    expect(await chatButton(deletedTitle).count()).toBe(0);
    await openDataSection();

    harness().setPickedBackupFile(path.join(folder, 'monday.enclave-backup'));
    await dataSection().getByRole('button', { name: 'Restore from backup…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Replace all data with a backup?' });
    expect(await confirm.textContent()).toContain('anything added since it was made is lost');
    expect(await accessibilityViolations(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Choose backup and restore' }).click();
    // Core reopens the database and the window loads afresh, with the chat back.
    await chatButton(deletedTitle).waitFor({ timeout: 30_000 });
    await chatButton(keptTitle).waitFor();
    expect(harness().core.status.startupError).toBeNull();
  });

  it('changes the key, checking the passphrase, and shows the new recovery key before the window reloads', async () => {
    const before = await harness().core.handlers['storage.status']({});
    await openDataSection();
    await page.evaluate(markThisLoad);
    await dataSection().getByRole('button', { name: 'Change key…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change the database key?' });
    const current = dialog.getByLabel('Current passphrase');
    await expect.poll(() => isFocused(current)).toBe(true);
    // A recovery key was given out: the new one must be shown, so the choice is made already.
    const showNew = dialog.getByRole('checkbox', { name: 'Show the new recovery key' });
    expect(await showNew.isChecked()).toBe(true);
    expect(await showNew.isDisabled()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);

    await current.fill('not the passphrase');
    await current.press('Enter');
    await dialog.getByRole('alert').waitFor({ timeout: 20_000 });
    expect(await dialog.getByRole('alert').textContent()).toContain('That passphrase is not the one set for this database');
    // Core reopened the database (unchanged) and said so; the window waits while the dialog is open.
    expect(await page.evaluate(isSameLoad)).toBe(true);

    await current.fill(passphrase);
    await current.press('Enter');
    const shown = page.getByRole('dialog', { name: 'Recovery key' });
    const newKey = (await shown.locator('.recovery-key code').textContent({ timeout: 30_000 })) ?? '';
    expect(newKey).toMatch(/^(?:[0-9a-f]{8}-){8}[0-9a-f]{4}$/);
    expect(newKey).not.toBe(recoveryKey);
    expect(await shown.textContent()).toContain('The old recovery key no longer opens the data.');
    expect(await page.evaluate(isSameLoad)).toBe(true);
    await shown.getByRole('button', { name: 'I have stored it' }).click();
    await expect.poll(() => page.evaluate(isSameLoad).catch(() => true), { timeout: 20_000 }).toBe(false);
    await chatButton(deletedTitle).waitFor();

    const after = await harness().core.handlers['storage.status']({});
    expect(after).toMatchObject({ encrypted: true, protectedBy: { keychain: true, passphrase: true } });
    expect(after.keyCreatedAt).not.toBe(before.keyCreatedAt);
    previousRecoveryKey = recoveryKey;
    recoveryKey = newKey;
  });
});

describe('the lock screen, without the OS keychain', () => {
  const passphraseField = () => page.getByLabel('Passphrase', { exact: true });

  it('asks for the passphrase of the data; a wrong one is said in place and the data stays locked', async () => {
    await open({ keychainAvailable: false });
    await page.getByRole('heading', { name: 'Enclave is locked' }).waitFor();
    expect(harness().core.status.startupError?.code).toBe('storage-locked');
    expect(await page.locator('main').textContent()).toContain('the OS keychain cannot unlock it here');
    expect(await passphraseField().getAttribute('type')).toBe('password');
    await expect.poll(() => isFocused(passphraseField())).toBe(true);
    await harness().screenshot(page, 'unlock', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
    await harness().screenshot(page, 'unlock', 'dark');
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.keyboard.type('not the passphrase');
    await page.keyboard.press('Enter');
    const alert = page.getByRole('alert');
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toContain('That passphrase does not open this database');
    expect(await passphraseField().inputValue()).toBe('');
    expect(await isFocused(passphraseField())).toBe(true);
    expect(harness().core.status.startupError?.code).toBe('storage-locked');
    await harness().screenshot(page, 'unlock-wrong-passphrase', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('opens with the right passphrase, into the app with the chats', async () => {
    await page.keyboard.type(passphrase);
    await page.keyboard.press('Enter');
    await chatButton(keptTitle).waitFor({ timeout: 30_000 });
    await chatButton(deletedTitle).waitFor();
    expect(harness().core.status.startupError).toBeNull();
  });

  it('opens with the recovery key as well, by keyboard alone', async () => {
    expect(recoveryKey).not.toBe('');
    expect(previousRecoveryKey).not.toBe('');
    await open({ keychainAvailable: false });
    await page.getByRole('heading', { name: 'Enclave is locked' }).waitFor();
    await expect.poll(() => isFocused(passphraseField())).toBe(true);
    // Unlock is disabled while the field is empty, so the next stop is the other way in.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(focusedElementName)).toBe('Use recovery key');
    await page.keyboard.press('Enter');
    const field = page.getByLabel('Recovery key', { exact: true });
    await expect.poll(() => isFocused(field)).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);
    await field.fill(previousRecoveryKey);
    await field.press('Enter');
    await page.getByRole('alert').waitFor({ timeout: 20_000 });
    expect(await page.getByRole('alert').textContent()).toContain('That recovery key does not open');
    expect(await field.inputValue()).toBe('');
    await expect.poll(() => isFocused(field)).toBe(true);
    // As typed from a printout: upper case, spaces for dashes.
    await page.keyboard.type(recoveryKey.toUpperCase().replaceAll('-', ' '));
    await page.keyboard.press('Enter');
    await chatButton(keptTitle).waitFor({ timeout: 30_000 });
    expect(harness().core.status.startupError).toBeNull();
  });

  it('with the key file gone, says so and offers only the recovery key', async () => {
    await harness().close();
    enclave = undefined;
    await rename(path.join(dataDir, 'enclave.key'), path.join(folder, 'enclave.key.aside'));
    await open({ keychainAvailable: false });
    await page.getByRole('heading', { name: 'Enclave is locked' }).waitFor();
    const error = harness().core.status.startupError;
    expect(error?.code).toBe('storage-key-file-missing');
    const screen = page.getByRole('main');
    expect(await screen.textContent()).toContain('its key file is missing');
    // The details for IT carry core's own words, with the key file's path.
    expect(await screen.locator('details').textContent()).toContain(error!.message);
    expect(await page.getByLabel('Passphrase', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Use passphrase' }).count()).toBe(0);
    const field = page.getByLabel('Recovery key', { exact: true });
    await expect.poll(() => isFocused(field)).toBe(true);
    expect(await field.getAttribute('type')).toBe('text');
    expect(await accessibilityViolations(page)).toEqual([]);
    await field.fill(recoveryKey);
    await field.press('Enter');
    await chatButton(keptTitle).waitFor({ timeout: 30_000 });
    expect(harness().core.status.startupError).toBeNull();
  });
});

describe('a database left unencrypted, on a computer without a keychain', () => {
  it('encrypts it with a passphrase, which is required here, and reloads into the encrypted data', async () => {
    // No keychain, no passphrase, a policy that allows it: core keeps a new database in plain SQLite.
    await open({ keychainAvailable: false, dataDir: path.join(folder, 'plain') });
    await harness().core.handlers['chats.create']({ title: keptTitle });
    await chatButton(keptTitle).waitFor();
    await openDataSection();
    const text = (await dataSection().textContent()) ?? '';
    expect(text).toContain('Not encrypted');
    expect(text).toContain('OS keychainNot available on this computer');
    expect(await accessibilityViolations(page)).toEqual([]);

    await dataSection().getByRole('button', { name: 'Encrypt now…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Encrypt the database?' });
    expect(await dialog.textContent()).toContain('There is no OS keychain on this computer, so a passphrase keeps the key');
    const submit = dialog.getByRole('button', { name: 'Encrypt now' });
    expect(await submit.isDisabled()).toBe(true);
    await dialog.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await dialog.getByLabel('Type it again').fill(passphrase);
    await harness().screenshot(page, 'encrypt-dialog', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
    await submit.click();

    // The window reloads into the encrypted database: the chat is there, and Data says so.
    await chatButton(keptTitle).waitFor({ timeout: 30_000 });
    await openDataSection();
    await expect.poll(() => dataSection().textContent(), { timeout: 20_000 }).toContain('Encrypted with AEGIS-256');
    expect(await dataSection().textContent()).toContain('Key protected byPassphrase');
    expect(await harness().core.handlers['storage.status']({})).toMatchObject({ encrypted: true, protectedBy: { keychain: false, passphrase: true } });
  });

  it('hides the passphrase where the machine policy allows the keychain only, and says so', async () => {
    await open({ dataDir: path.join(folder, 'keychain-only'), policyFileText: JSON.stringify({ storage: { allowPassphrase: false } }) });
    await openDataSection();
    const text = (await dataSection().textContent()) ?? '';
    expect(text).toContain('The machine policy allows no passphrase: only the OS keychain keeps the key.');
    expect(await dataSection().getByRole('button', { name: /passphrase/i }).count()).toBe(0);
    await dataSection().getByRole('button', { name: 'Change key…' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
