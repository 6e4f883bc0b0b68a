/**
 * Documents as a user meets them in the window: collections, importing (the boundary-mocked dialog
 * and drag and drop) with progress, Cancel and a summary, the embedding model chosen in Settings,
 * a chat answering from a collection with numbered sources, and a source opened at its page with
 * the passage highlighted. The real core behind it, the generated chat and embedding models, PDFs
 * written by a PDF library.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageSource } from '../../electron/shared/documents.js';
import { type DocumentFixtures, ensureManyPagePdf, writeDocumentFixtures } from '../../scripts/fixtures/documents.js';
import { accessibilityViolations } from './accessibility.js';
import type { EnclaveHarness } from './bridge.js';
import { useEnclaveWindow } from './enclaveWindow.js';
import { openSection } from './modelsPage.js';
import { dropFilesOn, focusedElementName } from './pageProbes.js';

const chatModel = 'Enclave Tiny Chat (generated)';
const embeddingModel = 'Enclave Tiny Embedding (generated)';
const question = 'What notice does the termination clause require?';
/** The first reply also waits for the model host to start and load both models, on a busy 2-core machine. */
const replyTimeout = 120_000;

// Room in the context for the retrieved passages; a short reply (the tiny model writes gibberish anyway).
const app = useEnclaveWindow({ withModel: true, extraModels: ['tiny-embedding'], contextSize: 2048, maxTokens: 24 });
let enclave: EnclaveHarness;
let page: Page;
let scratch: string;
let files: DocumentFixtures;
let chatId: string;

beforeAll(async () => {
  ({ enclave, page } = app);
  scratch = await mkdtemp(path.join(os.tmpdir(), 'enclave-e2e-documents-'));
  files = await writeDocumentFixtures(scratch);
});

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const importResult = () => page.getByRole('region', { name: 'Import result' });
const documentTable = () => page.getByRole('table', { name: 'Documents in Contracts' });
const documentRow = (fileName: string) =>
  documentTable().getByRole('row').filter({ has: page.locator('th[scope="row"]', { hasText: fileName }) });
const lastReply = () => page.locator('article[aria-label^="Reply"]').last();
/** The first source under the last reply (a citation marker in the text has the same name). */
const firstSource = () => lastReply().locator('.sources').getByRole('button', { name: 'Source 1: contract.pdf, page 3', exact: true });

/** Unfolds the passages the last reply does not cite ("N more passages retrieved"), where source 1 may be. */
async function unfoldSources(): Promise<void> {
  // The reply is on screen first: a chat just opened is still loading its messages.
  await lastReply().locator('.sources').waitFor();
  const toggle = lastReply().locator('.sources-toggle');
  if ((await toggle.count()) > 0 && (await toggle.getAttribute('aria-expanded')) === 'false') await toggle.click();
}
const collectionsByName = async () => {
  const collections = await enclave.core.handlers['collections.list']({});
  return new Map(collections.map((collection) => [collection.name, collection]));
};

/** The text of a row's cells, header cell first. */
async function rowCells(row: Locator): Promise<string[]> {
  return row.locator('th, td').allTextContents();
}

/**
 * Clicks "Cancel import" the moment the first file shows as being indexed, and resolves with what
 * the progress said then. The click comes from inside the page because indexing runs faster than a
 * scripted pointer reacts; it is still a click on the real button, through its real handler.
 */
function cancelOnFirstIndexing(): Promise<string> {
  type Element = { textContent: string | null; click(): void };
  const page = globalThis as unknown as {
    document: { body: unknown; querySelector(selector: string): Element | null; querySelectorAll(selector: string): Iterable<Element> };
    MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void; disconnect(): void };
  };
  return new Promise((resolve) => {
    const observer = new page.MutationObserver(() => {
      if (!page.document.querySelector('progress[aria-label^="Indexing "]')) return;
      const cancel = [...page.document.querySelectorAll('.import-progress button')].find((button) => button.textContent === 'Cancel import');
      if (!cancel) return;
      observer.disconnect();
      const shown = page.document.querySelector('.import-progress')?.textContent ?? '';
      cancel.click();
      resolve(shown);
    });
    observer.observe(page.document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

describe('documents in the Enclave window', () => {
  it('creates a collection and imports through "Add files…": indexed with its pages, failures with their reason', async () => {
    await openSection(page, 'Documents');
    await page.getByRole('textbox', { name: 'New collection name' }).fill('Contracts');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Contracts' }).waitFor();
    expect(await page.getByRole('list', { name: 'Collections' }).getByRole('button').first().getAttribute('aria-current')).toBe('true');

    enclave.setPickedDocumentFiles([files.contractPdf, files.encryptedPdf]);
    await page.getByRole('button', { name: 'Add files…' }).click();
    await expect.poll(() => importResult().textContent(), { timeout: 30_000 }).toMatch(/Indexed one file: contract\.pdf \(\d+ passages?\)\./);
    const [encrypted] = (await enclave.core.handlers['documents.list']({ collectionId: (await collectionsByName()).get('Contracts')!.id }))
      .filter((document) => document.fileName === 'report.pdf');
    expect(await importResult().getByRole('alert').textContent()).toBe(`report.pdf could not be indexed. ${encrypted!.error!.message}`);

    await expect.poll(() => rowCells(documentRow('contract.pdf'))).toEqual([
      expect.stringContaining('contract.pdf'),
      'PDF',
      '4',
      expect.stringMatching(/^\d+$/),
      'Ready',
      expect.any(String),
      'Remove contract.pdf',
    ]);
    expect((await rowCells(documentRow('report.pdf'))).slice(2, 5)).toEqual(['—', '0', 'Failed']);
    // The reason, on a row of its own under the file's.
    const reason = documentRow('report.pdf').locator('xpath=following-sibling::tr[1]');
    expect(await reason.textContent()).toBe(`report.pdf: ${encrypted!.error!.message}`);
  });

  it('shows a large import file by file with Cancel, which keeps nothing of it', async () => {
    const manual = await ensureManyPagePdf(2000);
    enclave.setPickedDocumentFiles([manual]);
    const cancelled = page.evaluate(cancelOnFirstIndexing);
    await page.getByRole('button', { name: 'Add files…' }).click();
    expect(await cancelled).toMatch(
      /^Importing one file0 of 1 donemany-pages-2000\.pdf(Checking|Indexing · page \d+ · \d+ passages?)Cancel import$/,
    );
    await expect.poll(() => importResult().last().textContent(), { timeout: 30_000 }).toContain(
      `Import cancelled: ${path.basename(manual)} was not added, and nothing half-indexed was kept.`,
    );
    await page.getByRole('region', { name: 'Import progress' }).waitFor({ state: 'detached' });
    // The window followed it on the request's own stream, which ended last, as cancelled.
    const stream = enclave.streamEvents.filter((entry) => entry.channel === 'documents.import').map((entry) => entry.event);
    expect(stream.at(-1)).toMatchObject({ type: 'end', outcomes: [{ filePath: manual, status: 'cancelled' }] });
    expect(stream.at(-2)).toMatchObject({ type: 'progress', progress: { filePath: manual } });
    const documents = await enclave.core.handlers['documents.list']({ collectionId: (await collectionsByName()).get('Contracts')!.id });
    expect(documents.map((document) => document.fileName).sort()).toEqual(['contract.pdf', 'report.pdf']);
  });

  it('imports files dropped on the Documents view into the collection shown', async () => {
    await enclave.registerDroppedFile('guide.md', files.markdown);
    await page.evaluate(dropFilesOn, ['.documents-view', ['guide.md']] as const);
    await expect.poll(async () => (await importResult().allTextContents()).join('\n')).toMatch(/Indexed one file: guide\.md/);
    await documentRow('guide.md').waitFor();
    expect((await rowCells(documentRow('guide.md'))).slice(1, 3)).toEqual(['Markdown', '—']);

    await enclave.screenshot(page, 'documents-view', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
    await enclave.screenshot(page, 'documents-view', 'dark');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
    while ((await importResult().count()) > 0) await importResult().first().getByRole('button', { name: 'Dismiss the import result' }).click();
  });

  it('sets the embedding model in Settings, which re-indexes the library in the background', async () => {
    await openSection(page, 'Settings');
    const form = page.getByRole('form', { name: 'Document settings' });
    await form.getByRole('combobox', { name: 'Embedding model' }).selectOption({ label: embeddingModel });
    await form.getByRole('button', { name: 'Save document settings' }).click();
    await form.getByText('Saved.').waitFor();
    const settings = await enclave.core.handlers['settings.get']({});
    const models = (await enclave.core.handlers['models.list']({})).models;
    expect(settings.embeddingModelId).toBe(models.find((model) => model.name === embeddingModel)!.id);

    const index = page.getByRole('region', { name: 'Search index' });
    await expect.poll(() => index.textContent(), { timeout: 30_000 }).toContain('Re-indexed 2 documents.');
    expect(await index.textContent()).toContain(`Searched by meaning and keywords, embedded with ${embeddingModel}.`);
    expect(await enclave.core.handlers['documents.indexStatus']({})).toMatchObject({ staleDocuments: 0, reindex: null });
    await page.getByRole('region', { name: 'Documents' }).scrollIntoViewIfNeeded();
    await enclave.screenshot(page, 'settings-documents', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('attaches the collection to a chat, which then answers with numbered sources', async () => {
    await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name: 'New chat' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('New chat');
    chatId = (await enclave.core.handlers['chats.list']({}))[0]!.id;
    await page.getByRole('combobox', { name: 'Model' }).selectOption({ label: chatModel });

    await page.getByRole('button', { name: 'Collections…' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'Contracts' }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('.chat-documents-sources').textContent()).toBe('Answers from: Contracts');
    const contracts = (await collectionsByName()).get('Contracts')!;
    expect((await enclave.core.handlers['chats.get']({ chatId })).chat.collectionIds).toEqual([contracts.id]);

    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill(question);
    await composer.press('Enter');
    await lastReply().and(page.locator('[data-status="complete"]')).waitFor({ timeout: replyTimeout });

    const reply = (await enclave.core.handlers['chats.get']({ chatId })).messages.at(-1)!;
    expect(reply.sources[0]).toMatchObject({ number: 1, fileName: 'contract.pdf', page: 3 });
    const shown = lastReply().locator('.source-item');
    expect(await shown.count()).toBe(reply.sources.length);
    await unfoldSources();
    // Folded, a source quotes its sentence that answers the question, not the chunk's first words; it unfolds to the whole passage.
    const firstItem = firstSource().locator('xpath=ancestor::li');
    expect(await firstItem.locator('.source-passage').textContent()).toBe('The termination clause requires ninety days notice.');
    await firstItem.getByRole('button', { name: 'Show the whole passage' }).click();
    expect(await firstItem.locator('.source-passage').textContent()).toBe(reply.sources[0]!.text);
    await firstItem.getByRole('button', { name: 'Show less' }).click();
    // Sources the reply does not cite are listed, quieter and folded, as "also retrieved".
    const uncited = reply.sources.filter((source) => !source.cited).length;
    expect(await lastReply().getByRole('list', { name: 'Also retrieved' }).getByRole('listitem').count()).toBe(uncited);
    await enclave.screenshot(page, 'documents-answer', 'light');
    await enclave.screenshot(page, 'documents-answer', 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
  }, replyTimeout + 30_000);

  it('opens a source at its page with the passage highlighted and in view; Escape returns focus', async () => {
    // pdf-lib writes Helvetica without embedding it: pdf.js draws it with the standard font the app bundles.
    await unfoldSources();
    const standardFont = page.waitForResponse((response) => response.url().includes('/pdfjs/standard_fonts/') && response.ok(), { timeout: 20_000 });
    await firstSource().click();
    await standardFont;
    const viewer = page.getByRole('dialog', { name: 'contract.pdf' });
    await viewer.waitFor();
    await expect.poll(() => viewer.locator('.passage-viewer-where').textContent()).toBe('Source 1 · Page 3 of 4');
    // The PDF's own page, drawn, with the passage highlighted on it (test/e2e/passage-page.e2e.test.ts has the rest) ...
    const drawn = viewer.getByRole('region', { name: 'Page 3 of 4', exact: true });
    await expect.poll(() => drawn.getAttribute('aria-busy'), { timeout: 20_000 }).toBe('false');
    expect((await drawn.locator('.passage-hit').allTextContents()).join('')).toContain('ninety days notice');
    // ... and the text Enclave stored of it, the passage marked, a toggle away.
    await viewer.getByRole('button', { name: 'Stored text' }).click();
    const pageText = viewer.getByRole('region', { name: 'Text of page 3 of 4' });
    expect(await pageText.textContent()).toContain('Section 3: Termination');
    const highlighted = pageText.locator('mark');
    expect(await highlighted.textContent()).toContain('ninety days notice');
    expect(await highlighted.evaluate(isWithinScrollParent)).toBe(true);

    await enclave.screenshot(page, 'passage-viewer', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
    await enclave.screenshot(page, 'passage-viewer', 'dark');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });

    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    // Radix moves focus back a task after the dialog unmounts: waited for, not read at once.
    await expect.poll(() => page.evaluate(focusedElementName)).toBe('Source 1: contract.pdf, page 3');
    expect(await page.evaluate(focusedElementClass)).toBe('source-open');
  });

  it('turns citation markers in a reply into buttons that open their source, but not inside code', async () => {
    // The tiny model's words are random: the reply's stored text is set to one that cites, as a real model's would.
    const reply = (await enclave.core.handlers['chats.get']({ chatId })).messages.at(-1)!;
    enclave.core.db!.prepare('UPDATE messages SET content = ? WHERE id = ?').run(
      'The clause requires ninety days notice [1]. See also [1, 2].\n\n`[1]` in code stays text.',
      reply.id,
    );
    await page.reload();
    await lastReply().locator('.markdown').waitFor();
    const markers = lastReply().locator('.markdown').getByRole('button', { name: 'Source 1: contract.pdf, page 3' });
    expect(await markers.count()).toBe(2);
    expect(await lastReply().locator('.markdown code').textContent()).toBe('[1]');
    expect(await lastReply().locator('.markdown').getByRole('button', { name: /^Source 2: / }).count()).toBe(reply.sources.length > 1 ? 1 : 0);

    await lastReply().locator('.markdown').scrollIntoViewIfNeeded();
    await enclave.screenshot(page, 'documents-citations', 'light');
    await enclave.screenshot(page, 'documents-citations', 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await accessibilityViolations(page)).toEqual([]);
    await markers.first().focus();
    await page.keyboard.press('Enter');
    const viewer = page.getByRole('dialog', { name: 'contract.pdf' });
    await expect.poll(() => viewer.locator('.passage-hit').allTextContents().then((texts) => texts.join('')), { timeout: 20_000 }).toContain('ninety days notice');
    await viewer.getByRole('button', { name: 'Close the document' }).click();
    await viewer.waitFor({ state: 'detached' });
    // Radix moves focus back a task after the dialog unmounts: waited for, not read at once.
    await expect.poll(() => page.evaluate(focusedElementName)).toBe('Source 1: contract.pdf, page 3');
    expect(await page.evaluate(focusedElementClass)).toBe('citation-marker');
  });

  it('indexes files dropped into the chat into its own collection, which the chat then answers from', async () => {
    await enclave.registerDroppedFile('policy.html', files.html);
    await page.evaluate(dropFilesOn, ['.pane-conversation', ['policy.html']] as const);
    await expect.poll(() => importResult().textContent(), { timeout: 30_000 }).toMatch(/Indexed one file: policy\.html/);
    await expect.poll(() => page.locator('.chat-documents-sources').textContent()).toBe(
      'Answers from: Contracts, files added to this chat (1 document)',
    );
    const own = [...(await collectionsByName()).values()].find((collection) => collection.chatId === chatId)!;
    expect((await enclave.core.handlers['chats.get']({ chatId })).chat.collectionIds.sort()).toEqual(
      [(await collectionsByName()).get('Contracts')!.id, own.id].sort(),
    );

    // Listed apart from the user's own collections in Documents.
    await openSection(page, 'Documents');
    expect(await page.getByRole('list', { name: 'Files in chats' }).getByRole('button').textContent()).toContain(own.name);
    expect(await page.getByRole('list', { name: 'Collections' }).getByRole('button').count()).toBe(1);
  });

  it('says so when a cited passage is gone, and still shows the text the answer was given', async () => {
    await page.getByRole('list', { name: 'Collections' }).getByRole('button', { name: /Contracts/ }).click();
    await documentRow('contract.pdf').getByRole('button', { name: 'Remove contract.pdf' }).click();
    const confirm = page.getByRole('dialog', { name: 'Remove contract.pdf?' });
    await confirm.getByRole('button', { name: 'Remove document' }).click();
    await documentRow('contract.pdf').waitFor({ state: 'detached' });

    await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name: question, exact: true }).click();
    const source: MessageSource = (await enclave.core.handlers['chats.get']({ chatId })).messages.at(-1)!.sources[0]!;
    await unfoldSources();
    await firstSource().click();
    const viewer = page.getByRole('dialog', { name: 'contract.pdf' });
    await viewer.getByRole('alert').waitFor();
    expect(await viewer.getByRole('alert').textContent()).toMatch(/^This passage can no longer be opened\. .+/);
    expect(await viewer.locator('.passage-snapshot').textContent()).toBe(source.text);
    expect(source.text).toContain('ninety days notice');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
  });

  it('renames a collection in place and deletes it after asking', async () => {
    await openSection(page, 'Documents');
    await page.getByRole('textbox', { name: 'New collection name' }).fill('Drafts');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Drafts' }).waitFor();

    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    const name = page.getByRole('textbox', { name: 'Collection name', exact: true });
    await name.fill('Policies');
    await name.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Policies' }).waitFor();
    expect((await collectionsByName()).has('Policies')).toBe(true);
    expect(await page.evaluate(focusedElementName)).toBe('Rename');

    await page.getByRole('button', { name: 'Delete…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete Policies?' });
    expect(await accessibilityViolations(page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Delete collection' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.getByRole('heading', { level: 2, name: 'Contracts' }).waitFor();
    expect((await collectionsByName()).has('Policies')).toBe(false);
  });
});

/** In the page: the class of the focused element, to tell a source from the citation marker of the same name. */
function focusedElementClass(): string | null {
  const document = (globalThis as unknown as { document: { activeElement: { className: string } | null } }).document;
  return document.activeElement?.className ?? null;
}

/** In the page: whether the element is inside the visible part of its scrolling container. */
function isWithinScrollParent(element: unknown): boolean {
  type Box = { top: number; bottom: number };
  const node = element as { getBoundingClientRect(): Box; closest(selector: string): { getBoundingClientRect(): Box } | null };
  const container = node.closest('.passage-page');
  if (!container) return false;
  const inner = node.getBoundingClientRect();
  const outer = container.getBoundingClientRect();
  return inner.top >= outer.top && inner.top < outer.bottom;
}
