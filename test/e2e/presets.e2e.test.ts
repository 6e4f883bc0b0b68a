/**
 * Assistants (presets) in the window: a built-in reads as text, with a "Built-in" badge and no field
 * that looks editable, and "Duplicate to edit" opens a copy of it in the form. Its default-model list
 * offers only models that can chat. Creating and using an assistant is tested in history.e2e.test.ts.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations } from './accessibility.js';
import type { EnclaveHarness } from './bridge.js';
import { useEnclaveWindow } from './enclaveWindow.js';

const chatModel = 'Enclave Tiny Chat (generated)';
const embeddingModel = 'Enclave Tiny Embedding (generated)';

const app = useEnclaveWindow({ withModel: true, extraModels: ['tiny-embedding'] });
let enclave: EnclaveHarness;
let page: Page;

beforeAll(() => {
  ({ enclave, page } = app);
});

describe('assistants', () => {
  it('shows a built-in assistant as read-only text with a Built-in badge, and duplicates it to edit', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Assistants' }).click();
    const builtins = page.getByRole('list', { name: 'Built-in' }).getByRole('button');
    await builtins.first().waitFor();
    const [first] = (await enclave.core.handlers['presets.list']({})).filter((preset) => preset.builtin);
    await builtins.filter({ hasText: first!.name }).first().click();

    const detail = page.locator('.presets-detail');
    await detail.getByRole('heading', { level: 2, name: new RegExp(`^${first!.name}`) }).waitFor();
    expect(await detail.locator('[data-builtin="true"]').textContent()).toBe('Built-in');
    const shown = detail.getByRole('group', { name: `Assistant ${first!.name}` });
    expect(squash(await shown.textContent())).toContain(squash(first!.systemPrompt));
    // Nothing that looks like it could be typed into, and no Save or Delete.
    expect(await detail.locator('input, textarea, select').count()).toBe(0);
    expect(await detail.getByRole('button').allTextContents()).toEqual(['Duplicate to edit', 'Export']);
    await enclave.screenshot(page, 'views-assistant-builtin', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
    await enclave.screenshot(page, 'views-assistant-builtin', 'dark');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });

    await detail.getByRole('button', { name: 'Duplicate to edit' }).click();
    const form = page.getByRole('form', { name: 'Assistant settings' });
    expect(await form.getByRole('textbox', { name: 'Name' }).inputValue()).toBe(`${first!.name} (copy)`);
    expect(await form.getByRole('textbox', { name: 'Name' }).isEditable()).toBe(true);
    // The default model is one that can chat: the embedding model is not offered.
    const models = await form.getByRole('combobox', { name: 'Default model' }).locator('option').allTextContents();
    expect(models).toContain(chatModel);
    expect(models).not.toContain(embeddingModel);
    await form.getByRole('button', { name: 'Cancel' }).click();
  });
});

function squash(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}
