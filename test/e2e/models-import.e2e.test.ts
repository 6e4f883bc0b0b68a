/**
 * Importing models in the Models view, as a user does it: the (boundary-mocked) file dialog in copy
 * and link mode, drag and drop, progress with Cancel, duplicates and files that are not models.
 */
import { copyFile, mkdir, mkdtemp, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestModel } from '../../scripts/generate-test-models.js';
import { accessibilityViolations } from './accessibility.js';
import type { EnclaveHarness } from './bridge.js';
import { useEnclaveWindow } from './enclaveWindow.js';
import { clickImport, importResult, inspect, modelRow, openSection } from './modelsPage.js';
import { dropFilesOn } from './pageProbes.js';

const tinyChat = 'Enclave Tiny Chat (generated)';

const app = useEnclaveWindow({ withModel: false });
let enclave: EnclaveHarness;
let page: Page;
let scratch: string;

beforeAll(async () => {
  ({ enclave, page } = app);
  scratch = await mkdtemp(path.join(os.tmpdir(), 'enclave-e2e-import-'));
  await openSection(page, 'Models');
});

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const userModelsDir = () => path.join(enclave.core.status.dataDir, 'models');
const listModels = async () => (await enclave.core.handlers['models.list']({})).models;

describe('importing models', () => {
  it('shows progress per file while copying, and Cancel leaves nothing behind', async () => {
    // A real model header followed by 600 MB of (sparse) padding: slow enough to watch, instant to make.
    const large = path.join(scratch, 'large-model.gguf');
    await copyFile(enclave.generatedModelPath, large);
    await truncate(large, 600_000_000);
    enclave.setPickedModelFiles([large]);
    await clickImport(page, 'copy');

    const progress = page.getByRole('region', { name: 'Import progress' });
    await progress.getByRole('progressbar', { name: 'Importing large-model.gguf' }).waitFor();
    await expect.poll(() => progress.textContent(), { timeout: 10_000 }).toMatch(/Copying · \d+% of 600 MB · [\d.]+ [KMG]?B\/s/);
    await enclave.screenshot(page, 'models-import-progress', 'light');
    await enclave.screenshot(page, 'models-import-progress', 'dark');
    await progress.getByRole('button', { name: 'Cancel import' }).click();

    await expect.poll(() => importResult(page).textContent()).toContain('Import cancelled');
    await progress.waitFor({ state: 'detached' });
    expect(await listModels()).toEqual([]);
    expect(await readdir(userModelsDir()).catch(() => []), 'no partial copy is kept').toEqual([]);
  });

  it('copies a model picked in the dialog: it appears with its SHA-256, storage and facts', async () => {
    enclave.setPickedModelFiles([enclave.generatedModelPath]);
    await clickImport(page, 'copy');
    await expect.poll(() => importResult(page).textContent()).toContain(`Imported one model: ${tinyChat}.`);

    const [model] = await listModels();
    expect(model).toMatchObject({ name: tinyChat, storage: 'copied', integrity: 'ok' });
    const details = await inspect(page, tinyChat);
    expect(await details.locator('code.sha256').textContent()).toBe(model!.sha256);
    expect(model!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const facts = await details.getByRole('region', { name: 'About this model' }).textContent();
    expect(facts).toContain('Copied');
    expect(facts).toContain(path.join(userModelsDir(), path.basename(enclave.generatedModelPath)));
    expect(await modelRow(page, tinyChat).textContent()).toContain(model!.quantization);
    await enclave.screenshot(page, 'models-view', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
    await enclave.screenshot(page, 'models-view', 'dark');
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it('reports the same file imported again as already in the library, by name', async () => {
    enclave.setPickedModelFiles([enclave.generatedModelPath]);
    await clickImport(page, 'copy');
    await expect.poll(() => importResult(page).textContent()).toContain(
      `${path.basename(enclave.generatedModelPath)} is already in your library as ${tinyChat}`,
    );
    expect(await listModels()).toHaveLength(1);
  });

  it('says why a file that is not a model could not be imported', async () => {
    const bad = path.join(scratch, 'random-bytes.gguf');
    await writeFile(bad, Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919) % 256)));
    enclave.setPickedModelFiles([bad]);
    await clickImport(page, 'copy');
    const failures = importResult(page).getByRole('alert');
    await failures.waitFor();
    const direct = await enclave.core.handlers['models.importPaths']({ grants: await enclave.grant([bad], 'models'), mode: 'copy' });
    expect(await failures.textContent()).toBe(`random-bytes.gguf could not be imported. ${direct.failed[0]!.error.message}`);
    expect(await listModels()).toHaveLength(1);
  });

  it('imports a folder, reporting each file: a duplicate by name and a file that is not a model', async () => {
    const folder = path.join(scratch, 'downloads');
    await mkdir(folder);
    await copyFile(enclave.generatedModelPath, path.join(folder, 'again.gguf'));
    await writeFile(path.join(folder, 'empty.gguf'), '');
    enclave.setPickedModelFiles([folder]);
    await page.getByRole('button', { name: 'Import folder…' }).click();
    await expect.poll(() => importResult(page).textContent()).toContain(`again.gguf is already in your library as ${tinyChat}`);
    expect(await importResult(page).getByRole('alert').textContent()).toMatch(/^empty\.gguf could not be imported\. .+/);
    expect(await listModels()).toHaveLength(1);
  });

  it('links a model in place: nothing is copied and the details say so', async () => {
    const embedding = path.join(scratch, 'embedding.gguf');
    await copyFile(await ensureTestModel('tiny-embedding'), embedding);
    enclave.setPickedModelFiles([embedding]);
    await clickImport(page, 'link');
    await expect.poll(() => importResult(page).textContent()).toContain('Imported one model');
    const linked = (await listModels()).find((model) => model.storage === 'linked');
    expect(linked?.path).toBe(embedding);
    const details = await inspect(page, linked!.name);
    expect(await details.getByRole('region', { name: 'About this model' }).textContent()).toContain('Linked');
    expect(await readdir(userModelsDir())).toEqual([path.basename(enclave.generatedModelPath)]);
  });

  it('imports .gguf files dropped on the view', async () => {
    await page.getByRole('radio', { name: 'Copy into Enclave’s models folder' }).check();
    await enclave.registerDroppedFile('wide.gguf', await ensureTestModel('tiny-chat-wide'));
    await page.evaluate(dropFilesOn, ['.models-view', ['wide.gguf']] as const);
    await expect.poll(() => importResult(page).textContent()).toContain('Imported one model: Enclave Tiny Chat Wide (generated).');
    await modelRow(page, 'Enclave Tiny Chat Wide (generated)').waitFor();
    expect((await listModels()).map((model) => model.storage).sort()).toEqual(['copied', 'copied', 'linked']);
  });
});
