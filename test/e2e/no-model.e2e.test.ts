/**
 * First run: no GGUF model anywhere. The window must say so, show where it looked, list files it
 * could not use and why, and let the user import a model through the (boundary-mocked) file dialog.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentQuestion, examplePrompts } from '../../renderer/src/features/welcome/examples.js';
import { accessibilityViolations } from './accessibility.js';
import type { EnclaveHarness } from './bridge.js';
import { useEnclaveWindow } from './enclaveWindow.js';
import { focusedElementName } from './pageProbes.js';

const app = useEnclaveWindow({ withModel: false });
let enclave: EnclaveHarness;
let page: Page;

beforeAll(() => {
  ({ enclave, page } = app);
});

const panel = () => page.getByRole('region', { name: 'No model found' });
const importButton = () => panel().getByRole('button', { name: 'Import a .gguf file…' });
const guide = () => page.getByRole('region', { name: 'Get started' });
const steps = () => guide().locator('.get-started-step');
const composer = () => page.getByRole('textbox', { name: 'Message' });
const lastReply = () => page.locator('article[aria-label^="Reply"]').last();

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

  it('shows Get started with only its import step open, saying why the others wait', async () => {
    await panel().waitFor();
    expect(await steps().first().locator(':scope > h3').textContent()).toBe('Choose a model');
    expect(await steps().first().getAttribute('data-done')).toBeNull();
    for (const prompt of examplePrompts) expect(await guide().getByRole('button', { name: prompt }).isDisabled()).toBe(true);
    expect(await guide().getByRole('button', { name: 'Choose documents…' }).isDisabled()).toBe(true);
    expect(await guide().getByText('Available once a model is here.').count()).toBe(2);
    await enclave.screenshot(page, 'get-started-no-model', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
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
    await guide().waitFor();
    await enclave.screenshot(page, 'first-chat', 'light');
  });
});


describe('Get started: from no model to a first answer', () => {
  it('marks the model step done once one is imported, and a tried prompt is a new chat with its answer', async () => {
    await expect.poll(() => steps().first().getAttribute('data-done')).toBe('true');
    expect(await steps().first().textContent()).toContain('Enclave Tiny Chat (generated) answers, on this computer.');
    await enclave.screenshot(page, 'get-started', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    await enclave.screenshot(page, 'get-started', 'dark');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });

    // By keyboard: the second prompt, Enter.
    await guide().getByRole('button', { name: examplePrompts[1] }).focus();
    await page.keyboard.press('Enter');
    await lastReply().and(page.locator('[data-status="complete"]')).waitFor({ timeout: 60_000 });
    const [chat] = await enclave.core.handlers['chats.list']({});
    const { messages } = await enclave.core.handlers['chats.get']({ chatId: chat!.id });
    expect(messages.map((message) => [message.role, message.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ]);
    expect(messages[0]!.content).toBe(examplePrompts[1]);
    expect(messages[1]!.content.length).toBeGreaterThan(0);
    // The message box is empty (the prompt was sent) and has the focus, for the next question.
    expect(await composer().inputValue()).toBe('');
    await expect.poll(() => page.evaluate(focusedElementName)).toBe('Message');
    expect(await guide().count()).toBe(0);
  });

  it('attaches documents chosen in the dialog to a new chat, with a question ready to send', async () => {
    // Get started is there whenever there is no chat.
    for (const chat of await enclave.core.handlers['chats.list']({})) await enclave.core.handlers['chats.delete']({ chatId: chat.id });
    await page.reload();
    await guide().waitFor();
    const notes = path.join(enclave.modelsDir, '..', 'ferry-timetable.md');
    await writeFile(notes, '# Ferry timetable\n\nThe morning ferry to the island leaves the harbour at 07:40 every weekday.\n');

    // A closed dialog starts nothing but the chat, which waits with the question.
    enclave.setPickedDocumentFiles(null);
    await guide().getByRole('button', { name: 'Choose documents…' }).click();
    await expect.poll(() => composer().inputValue()).toBe(documentQuestion);
    await expect.poll(() => page.evaluate(focusedElementName)).toBe('Message');
    expect(await page.locator('.chat-documents-sources').textContent()).toMatch(/^Answers from the model alone/);

    // From the chat, by keyboard: "Add files…" is the same dialog, without a drop.
    enclave.setPickedDocumentFiles([notes]);
    await page.getByRole('button', { name: 'Add files…' }).click();
    await expect.poll(() => page.getByRole('region', { name: 'Import result' }).textContent(), { timeout: 30_000 }).toMatch(
      /Indexed one file: ferry-timetable\.md/,
    );
    expect(await page.locator('.chat-documents-sources').textContent()).toBe('Answers from: files added to this chat (1 document)');
    await composer().press('Enter');
    await lastReply().and(page.locator('[data-status="complete"]')).waitFor({ timeout: 60_000 });
    const [chat] = await enclave.core.handlers['chats.list']({});
    const reply = (await enclave.core.handlers['chats.get']({ chatId: chat!.id })).messages.at(-1)!;
    expect(reply.sources[0]).toMatchObject({ number: 1, fileName: 'ferry-timetable.md' });
    await enclave.screenshot(page, 'get-started-document-answer', 'light');
  });
});
