/**
 * One model in the Models view: its run settings and memory estimate (remembered), Load and Unload,
 * LoRA adapters, a file changed behind Enclave's back, and removal. The real core and model host run
 * behind the window; models are registered through core directly (importing is tested elsewhere).
 */
import { appendFile, copyFile, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchRequest } from '../../electron/core/ipc/dispatch.js';
import { ensureTestModel } from '../../scripts/generate-test-models.js';
import { accessibilityViolations } from './accessibility.js';
import type { EnclaveHarness } from './bridge.js';
import { useEnclaveWindow } from './enclaveWindow.js';
import { inspect, memoryEstimate, modelRow, openSection } from './modelsPage.js';

const tinyChat = 'Enclave Tiny Chat (generated)';
const wide = 'Enclave Tiny Chat Wide (generated)';
const embedding = 'Enclave Tiny Embedding (generated)';

const app = useEnclaveWindow({ withModel: false });
let enclave: EnclaveHarness;
let page: Page;
let scratch: string;
let linkedModelPath: string;

beforeAll(async () => {
  ({ enclave, page } = app);
  scratch = await mkdtemp(path.join(os.tmpdir(), 'enclave-e2e-models-'));
  // A linked copy the test may change behind Enclave's back, and a copied model to delete.
  linkedModelPath = path.join(scratch, 'tiny-chat.gguf');
  await copyFile(enclave.generatedModelPath, linkedModelPath);
  await enclave.core.handlers['models.importPaths']({ grants: await enclave.grant([linkedModelPath], 'models'), mode: 'link' });
  await enclave.core.handlers['models.importPaths']({ grants: await enclave.grant([await ensureTestModel('tiny-chat-wide')], 'models'), mode: 'copy' });
  await enclave.core.handlers['models.importPaths']({ grants: await enclave.grant([await ensureTestModel('tiny-embedding')], 'models'), mode: 'link' });
  await openSection(page, 'Models');
});

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const storedModel = async (name: string) => (await enclave.core.handlers['models.list']({})).models.find((model) => model.name === name)!;
const runState = () => page.getByRole('region', { name: 'Running' }).getByRole('status').first();
/** How many elements of the Models view have exactly this text: what the view says, counted once per place. */
const timesShown = (text: string) => page.locator('.models-view').getByText(text, { exact: true }).count();

describe('a model in the Models view', () => {
  it('estimates memory for the settings typed, and remembers saved settings after a reload', async () => {
    let details = await inspect(page, tinyChat);
    await expect.poll(() => memoryEstimate(details).getAttribute('data-fits'), { timeout: 20_000 }).toBe('true');
    await details.getByRole('textbox', { name: 'Context size' }).fill('1024');
    await expect.poll(() => memoryEstimate(details).textContent()).toContain('1,024-token context');
    expect(await memoryEstimate(details).getByRole('meter', { name: 'RAM needed' }).count()).toBe(1);
    await details.getByRole('button', { name: 'Save settings' }).click();
    await details.getByText('Saved.').waitFor();
    expect((await storedModel(tinyChat)).settings).toMatchObject({ contextSize: 1024, gpuLayers: 'auto' });

    await page.reload();
    await openSection(page, 'Models');
    details = await inspect(page, tinyChat);
    expect(await details.getByRole('textbox', { name: 'Context size' }).inputValue()).toBe('1024');
    await expect.poll(() => memoryEstimate(details).textContent(), { timeout: 20_000 }).toContain('1,024-token context');

    await details.getByRole('textbox', { name: 'CPU threads' }).fill('two');
    expect(await details.getByText('Enter a whole number from 1, or leave it empty for automatic.').isVisible()).toBe(true);
    expect(await details.getByRole('button', { name: 'Save settings' }).isDisabled()).toBe(true);
    await details.getByRole('textbox', { name: 'CPU threads' }).fill('');
  });

  it('chooses a chat template by name, remembered after a reload, and used for the next prompt', async () => {
    let details = await inspect(page, tinyChat);
    const chatTemplate = () => details.getByRole('combobox', { name: 'Chat template' });
    expect(await chatTemplate().inputValue()).toBe('auto');
    expect(await details.getByText('The template in the model file.').isVisible()).toBe(true);
    await chatTemplate().selectOption({ label: 'Gemma' });
    await details.getByRole('button', { name: 'Save settings' }).click();
    await details.getByText('Saved.').waitFor();
    const stored = await storedModel(tinyChat);
    expect(stored.settings.chatTemplate).toBe('gemma');
    const { prompt } = await enclave.core.provider.renderPrompt(stored, { turns: [{ role: 'user', content: 'Hi' }], maxTokens: 16 });
    expect(prompt).toBe('<s><start_of_turn>user\nHi<end_of_turn>\n<start_of_turn>model\n');

    await page.reload();
    await openSection(page, 'Models');
    details = await inspect(page, tinyChat);
    expect(await chatTemplate().inputValue()).toBe('gemma');
    expect(await accessibilityViolations(page)).toEqual([]);
    await enclave.screenshot(page, 'models-chat-template', 'light');
    await chatTemplate().selectOption('auto');
    await details.getByRole('button', { name: 'Save settings' }).click();
    await details.getByText('Saved.').waitFor();
    expect((await storedModel(tinyChat)).settings.chatTemplate).toBe('auto');
  });

  it('loads and unloads, saying "Loaded" once (the list’s badge) and the model’s name once per place', async () => {
    const details = await inspect(page, tinyChat);
    await details.getByRole('button', { name: 'Load', exact: true }).click();
    await expect.poll(() => runState().textContent(), { timeout: 30_000 }).toMatch(/^Runs on the CPU, 1,024-token context, 1 thread\.$/);
    expect(await modelRow(page, tinyChat).locator('.badge').allTextContents()).toContain('Loaded');
    expect(await timesShown('Loaded'), 'the badge, and no second list of loaded models').toBe(1);
    expect(await page.locator('.models-view').getByText(/^Loaded/).count()).toBe(1);
    expect(await timesShown(tinyChat), 'its row in the list, and the title of its details').toBe(2);
    const { loaded } = await enclave.core.handlers['models.runtime']({});
    expect(loaded.map((info) => info.modelId)).toEqual([(await storedModel(tinyChat)).id]);

    // With as many models in memory as Settings allows, another model's details say which loading it would unload.
    const { maxResidentModels } = await enclave.core.handlers['settings.get']({});
    if (maxResidentModels === 1) {
      const other = await inspect(page, wide);
      expect(await other.locator('.run-note').textContent()).toBe(
        `Loading it unloads ${tinyChat}: Enclave keeps one model in memory at a time (Settings → Runtime).`,
      );
      await inspect(page, tinyChat);
    }

    await details.getByRole('button', { name: 'Unload', exact: true }).click();
    await expect.poll(() => runState().textContent()).toBe('Not loaded.');
    expect(await timesShown('Loaded')).toBe(0);

    await details.getByRole('button', { name: 'Measure speed' }).click();
    const measured = details.getByRole('region', { name: 'Running' }).locator('.probe-result');
    await measured.waitFor({ timeout: 30_000 });
    const { probe } = await storedModel(tinyChat);
    expect(probe?.tokensPerSecond).toBeGreaterThan(0);
    expect(await measured.textContent()).toMatch(/^[\d,.]+ tokens\/s writing, [\d,.]+ tokens\/s reading the prompt · measured .+ with 1 thread$/);
  });

  it('attaches a LoRA adapter made for the model, refuses one made for another, and loads with it', async () => {
    const details = await inspect(page, tinyChat);
    const adapters = details.getByRole('region', { name: 'LoRA adapters' });
    // As rendered, after any CSS text-transform: "LoRA", never "LORA".
    expect(await adapters.getByRole('heading').evaluate((heading) => (heading as unknown as { innerText: string }).innerText)).toBe('LoRA adapters');
    const lora = await ensureTestModel('tiny-chat-lora');
    enclave.setPickedAdapterFile(lora);
    await adapters.getByRole('button', { name: 'Attach adapter…' }).click();
    const adapterName = path.basename(lora, '.gguf');
    await adapters.getByRole('listitem').filter({ hasText: adapterName }).waitFor();

    enclave.setPickedAdapterFile(await ensureTestModel('tiny-chat-wide-lora'));
    await adapters.getByRole('button', { name: 'Attach adapter…' }).click();
    const refusal = adapters.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-error-code')).toBe('adapter-mismatch');
    expect(await refusal.textContent()).toMatch(/^Could not attach that adapter\. .+/);
    expect((await storedModel(tinyChat)).adapters.map((adapter) => adapter.name)).toEqual([adapterName]);

    // Keyboard: one step down the scale slider, saved when the key is let go.
    await adapters.getByRole('slider', { name: `Scale of ${adapterName}` }).press('ArrowLeft');
    await expect.poll(async () => (await storedModel(tinyChat)).adapters[0]?.scale).toBe(0.95);

    await details.getByRole('button', { name: 'Load', exact: true }).click();
    await expect.poll(() => runState().textContent(), { timeout: 30_000 }).toContain('1 adapter');
    await page.setViewportSize({ width: 1280, height: 1500 });
    await enclave.screenshot(page, 'model-details', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
    await enclave.screenshot(page, 'model-details', 'dark');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
    await details.getByRole('button', { name: 'Unload', exact: true }).click();
    await expect.poll(() => runState().textContent()).toBe('Not loaded.');

    await adapters.getByRole('button', { name: `Remove ${adapterName}` }).click();
    await adapters.getByText('None attached.', { exact: false }).waitFor();
    expect((await storedModel(tinyChat)).adapters).toEqual([]);
  });

  it('flags a file changed behind Enclave’s back, refuses to load it, and accepts it on request', async () => {
    const before = await storedModel(tinyChat);
    await appendFile(linkedModelPath, Buffer.alloc(64, 7));
    const details = await inspect(page, tinyChat);
    await details.getByRole('button', { name: 'Check file' }).click();
    const notice = details.getByRole('alert').filter({ hasText: 'Changed since import.' });
    await notice.waitFor();
    expect(await modelRow(page, tinyChat).textContent()).toContain('Changed since import');
    expect(await page.getByRole('navigation', { name: 'Sections' }).textContent()).toContain('1 needs attention');
    expect(await details.getByRole('button', { name: 'Load', exact: true }).isDisabled()).toBe(true);
    const refused = await dispatchRequest(enclave.core.handlers, 'models.load', { modelId: before.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'model-changed' } });
    await notice.scrollIntoViewIfNeeded();
    await enclave.screenshot(page, 'model-changed', 'light');

    // The chat's model picker says so too, and leads back here.
    await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name: 'New chat' }).click();
    const picker = page.getByRole('combobox', { name: 'Model' });
    await picker.selectOption(before.id);
    expect(await picker.locator(`option[value="${before.id}"]`).textContent()).toBe(`${tinyChat} — changed, will not load`);
    const flag = page.locator('.conversation-status .model-flag');
    expect(await flag.textContent()).toContain('changed since it was imported');
    await flag.getByRole('button', { name: 'Open in Models' }).click();
    await notice.waitFor();

    await notice.getByRole('button', { name: 'Accept new file' }).click();
    await notice.waitFor({ state: 'detached' });
    const after = await storedModel(tinyChat);
    expect(after).toMatchObject({ id: before.id, integrity: 'ok' });
    expect(after.sha256).not.toBe(before.sha256);
    expect(await details.locator('code.sha256').textContent()).toBe(after.sha256);
  });

  it('keeps embedding models out of the chat’s model picker, and marks them in the library', async () => {
    expect(await modelRow(page, embedding).locator('[data-purpose="embedding"]').textContent()).toBe('Embedding');
    expect((await storedModel(embedding)).purpose).toBe('embedding');
    await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name: 'New chat' }).first().click();
    const picker = page.getByRole('combobox', { name: 'Model' });
    await picker.waitFor();
    const offered = await picker.locator('option').allTextContents();
    expect(offered).toContain(tinyChat);
    expect(offered.some((option) => option.includes(embedding))).toBe(false);
    await openSection(page, 'Models');
  });

  it('gives the same advice in the memory estimate and in the refusal to load, for a model that does not fit', async () => {
    await enclave.core.handlers['settings.update']({ memoryBudgetMb: 1 });
    try {
      await page.reload();
      await openSection(page, 'Models');
      const details = await inspect(page, tinyChat);
      const estimate = memoryEstimate(details);
      await expect.poll(() => estimate.getAttribute('data-fits'), { timeout: 20_000 }).toBe('false');
      const advice = (text: string | null) => /\. (Try [^.]+\.)$/.exec(text ?? '')?.[1];
      const estimated = advice(await estimate.locator('.fit-explanation').textContent());
      expect(estimated).toBe('Try a smaller context, a smaller quantisation or a smaller model, or raise the memory budget in Settings.');
      await details.getByRole('button', { name: 'Load', exact: true }).click();
      const refusal = details.getByRole('region', { name: 'Running' }).getByRole('alert');
      await refusal.waitFor({ timeout: 20_000 });
      expect(await refusal.getAttribute('data-error-code')).toBe('model-too-large');
      expect(advice(await refusal.locator('p').first().textContent())).toBe(estimated);
      await refusal.getByRole('button', { name: 'Dismiss' }).click();
    } finally {
      await enclave.core.handlers['settings.update']({ memoryBudgetMb: null });
    }
  });

  it('removes a model after asking: Enclave’s own copy goes with it, a linked file never', async () => {
    let details = await inspect(page, tinyChat);
    await details.getByRole('button', { name: 'Remove…' }).click();
    let dialog = page.getByRole('dialog', { name: `Remove ${tinyChat}?` });
    await dialog.waitFor();
    expect(await dialog.getByRole('checkbox').count(), 'a linked file is never deleted: nothing to choose').toBe(0);
    expect(await dialog.textContent()).toContain('Enclave never deletes a file it did not copy');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    const copied = await storedModel(wide);
    details = await inspect(page, wide);
    await details.getByRole('button', { name: 'Remove…' }).click();
    dialog = page.getByRole('dialog', { name: `Remove ${wide}?` });
    await dialog.waitFor();
    expect(await dialog.getByRole('checkbox').count(), 'Enclave’s own copy is always deleted: nothing to choose').toBe(0);
    await enclave.screenshot(page, 'model-remove-dialog', 'light');
    await dialog.getByRole('button', { name: 'Remove model' }).click();
    // While the modal dialog is open the page behind it is hidden from role queries: wait for it first.
    await dialog.waitFor({ state: 'detached' });
    await modelRow(page, wide).waitFor({ state: 'detached' });
    expect(existsSync(copied.path)).toBe(false);
    expect(existsSync(linkedModelPath)).toBe(true);
    expect((await enclave.core.handlers['models.list']({})).models.map((model) => model.name)).toEqual([tinyChat, embedding]);
  });
});
