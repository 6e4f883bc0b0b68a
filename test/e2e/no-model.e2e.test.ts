/**
 * First run: no GGUF model anywhere. The window must say so, show where it looked, list files it
 * could not use and why, and let the user import a model through the (boundary-mocked) file dialog.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type EnclaveHarness, startEnclave } from './bridge.js';

let enclave: EnclaveHarness;
let page: Page;

beforeAll(async () => {
  enclave = await startEnclave({ withModel: false });
  page = enclave.page;
});

afterAll(async () => {
  // Unset when beforeAll failed before starting it.
  await (enclave as EnclaveHarness | undefined)?.close();
});

afterEach(() => {
  expect(enclave.pageErrors, 'console errors, uncaught exceptions or CSP violations').toEqual([]);
  expect(enclave.foreignRequests, 'the page must load nothing from outside the app').toEqual([]);
});

const panel = () => page.getByRole('region', { name: 'No model found' });
const importButton = () => panel().getByRole('button', { name: 'Import a .gguf file…' });

describe('the window without any model', () => {
  it('says no model was found, where it looked, and which files it could not use', async () => {
    await panel().waitFor();
    const folders = await panel().getByRole('listitem').allTextContents();
    expect(folders).toEqual((await enclave.core.handlers['models.list']({})).folders);
    expect(folders).toContain(enclave.modelsDir);
    expect(await page.getByRole('combobox', { name: 'Model' }).count()).toBe(0);
    expect(await page.getByRole('textbox', { name: 'Message' }).count()).toBe(0);

    await writeFile(path.join(enclave.modelsDir, 'half-download.gguf'), 'GGUF but not really');
    await panel().getByRole('button', { name: 'Look again' }).click();
    const unreadable = panel().getByRole('region', { name: 'Files that could not be used' });
    await unreadable.waitFor();
    const [file] = (await enclave.core.handlers['models.list']({})).unreadable;
    expect(await unreadable.textContent()).toContain('half-download.gguf');
    expect(await unreadable.textContent()).toContain(file!.error.message);
  });

  it('shows why an import failed, in place, and changes nothing when the dialog is cancelled', async () => {
    enclave.setPickedModelFiles(null);
    await importButton().click();
    await expect.poll(() => importButton().isEnabled()).toBe(true);
    expect(await panel().getByRole('alert').count()).toBe(0);

    const notAModel = path.join(enclave.modelsDir, '..', 'notes.txt');
    await writeFile(notAModel, 'These are my notes, not a model.');
    enclave.setPickedModelFiles([notAModel]);
    await importButton().click();
    const alert = panel().getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^Could not import that file\. .+/);
    await enclave.screenshot(page, 'no-model', 'light');
    await enclave.screenshot(page, 'no-model', 'dark');
  });

  it('imports a model picked in the file dialog: it appears in the picker, ready to chat', async () => {
    enclave.setPickedModelFiles([enclave.generatedModelPath]);
    await importButton().click();
    const picker = page.getByRole('combobox', { name: 'Model' });
    await picker.waitFor();
    const { models } = await enclave.core.handlers['models.list']({});
    expect(models).toHaveLength(1);
    expect(models[0]).toMatchObject({ storage: 'copied', name: 'Enclave Tiny Chat (generated)' });
    expect(await picker.inputValue()).toBe(models[0]!.id);
    expect(await picker.locator('option').allTextContents()).toEqual(['Enclave Tiny Chat (generated)']);
    await panel().waitFor({ state: 'detached' });
    await page.getByRole('region', { name: 'No chats yet' }).waitFor();
    await enclave.screenshot(page, 'first-chat', 'light');
  });
});
