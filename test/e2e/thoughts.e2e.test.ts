/**
 * A reasoning model's thoughts in the window (issue 21), in the built renderer in Chromium over the
 * real core: while the model thinks, "Thinking…" with the live thoughts folded under it; once it
 * answers, "Thought for N s", still folded, apart from the answer. A native details/summary pair, so
 * keyboard and screen reader open it as any disclosure. The thinking model is a loopback
 * OpenAI-compatible server streaming `reasoning_content` deltas, as llama-server and vLLM do.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOpenAiServer } from '../support/fakeOpenAiServer.js';
import { accessibilityViolations } from './accessibility.js';
import { type EnclaveHarness, startEnclave } from './bridge.js';
import { inspect, openSection } from './modelsPage.js';

const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

describe("a reasoning model's thoughts, folded apart from its answer", () => {
  const server = new FakeOpenAiServer();
  let enclave: EnclaveHarness;
  let page: Page;

  const lastReply = (): Locator => page.locator('article[aria-label^="Reply"]').last();
  const composer = (): Locator => page.getByRole('textbox', { name: 'Message' });
  const isOpen = (details: Locator) => details.evaluate((element) => (element as { open: boolean }).open);

  beforeAll(async () => {
    server.models = ['thinker'];
    const baseUrl = await server.start();
    enclave = await startEnclave({ withModel: true, policyFileText: JSON.stringify({ network: { mode: 'allowlist', endpoints: [baseUrl] } }) });
    page = enclave.page;
    await enclave.core.handlers['endpoints.add']({ name: 'Loopback', baseUrl });
    await page.reload();
    await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name: 'New chat' }).first().click();
    await page.getByRole('combobox', { name: 'Model' }).selectOption({ label: 'thinker' });
  });
  afterAll(async () => {
    await enclave.close();
    await server.stop();
  });

  it('shows "Thinking…" with the live thoughts folded while the model thinks', async () => {
    // Thoughts, then nothing: the model is still thinking until it is stopped.
    server.then({ kind: 'stall', thoughts: ['Considering', ' the sky.'], words: [] });
    await composer().fill('Why is the sky blue?');
    await composer().press('Enter');
    const thought = lastReply().locator('details.message-thought');
    const summary = thought.locator('summary');
    await expect.poll(() => summary.textContent()).toBe('Thinking…');
    expect(await isOpen(thought)).toBe(false);
    expect(await thought.locator('.message-thought-text').isVisible()).toBe(false);
    // Opened from the keyboard, as any disclosure.
    await summary.focus();
    await page.keyboard.press('Enter');
    expect(await isOpen(thought)).toBe(true);
    await expect.poll(() => thought.locator('.message-thought-text').textContent()).toBe('Considering the sky.');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Stop' }).click();
    await lastReply().and(page.locator('[data-reply-state="stopped"]')).waitFor();
    // Stopped before any answer: the thoughts are kept, untimed, and there is no answer text.
    expect(await summary.textContent()).toBe('Thought');
    expect(await lastReply().locator('.markdown').count()).toBe(0);
  });

  it('folds the thoughts as "Thought for N s" above the answer once it comes, never inside it', async () => {
    server.then({ kind: 'ok', thoughts: ['The user', ' asks about', ' colour.'], words: ['Rayleigh', ' scattering.'] });
    await composer().fill('And sunsets?');
    await composer().press('Enter');
    const reply = lastReply().and(page.locator('[data-status="complete"]'));
    await reply.waitFor();
    const thought = reply.locator('details.message-thought');
    expect(await thought.locator('summary').textContent()).toMatch(/^Thought for \d+(\.\d)? s$/);
    expect(await isOpen(thought)).toBe(false);
    expect(squash(await reply.locator('.markdown').textContent())).toBe('Rayleigh scattering.');
    await thought.locator('summary').click();
    expect(await thought.locator('.message-thought-text').textContent()).toBe('The user asks about colour.');
    await enclave.screenshot(page, 'reply-thought', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
    // Stored apart: the reply's content is the answer alone.
    const chatId = (await enclave.core.handlers['chats.list']({}))[0]!.id;
    const stored = (await enclave.core.handlers['chats.get']({ chatId })).messages.at(-1)!;
    expect(stored.content).toBe('Rayleigh scattering.');
    expect(stored.thought?.text).toBe('The user asks about colour.');
  });

  it("switches a model's thinking off in its run settings", async () => {
    await openSection(page, 'Models');
    const details = await inspect(page, 'Enclave Tiny Chat (generated)');
    const thinking = details.getByRole('checkbox', { name: /^Thinking/ });
    expect(await thinking.isChecked()).toBe(true);
    await thinking.uncheck();
    await details.getByRole('button', { name: 'Save settings' }).click();
    await details.getByText('Saved.').waitFor();
    const stored = (await enclave.core.handlers['models.list']({})).models.find((model) => model.fileName === 'tiny-chat.gguf')!;
    expect(stored.settings.thinking).toBe(false);
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
