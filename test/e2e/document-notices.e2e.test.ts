/**
 * What is worth knowing about a document indexed all the same, as a user meets it in the window: a
 * PDF whose owner restricts copying its text (a real one, test/fixtures/documents) is imported
 * through "Add files…", and the import summary and the documents table both say so, in words a
 * screen reader reads with the file's name; a passage read by OCR is cited with its confidence; and
 * Settings → Documents lists the installed OCR languages, English among them, and saves the choice.
 * The real core behind it.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveMessageSources } from '../../electron/core/chat/store/messageSources.js';
import { insertMessage } from '../../electron/core/chat/store/messages.js';
import { accessibilityViolations } from './accessibility.js';
import type { EnclaveHarness } from './bridge.js';
import { useEnclaveWindow } from './enclaveWindow.js';
import { openSection } from './modelsPage.js';

const fixture = fileURLToPath(new URL('../fixtures/documents/asymptote-CAD-copy-restricted.pdf', import.meta.url));
const fileName = 'asymptote-CAD-copy-restricted.pdf';
const copyNotice = /^Its owner restricts copying its text\. /;
/** Both sizes the window is checked at: a laptop's full screen and a small window. */
const viewports = [
  { width: 1440, height: 900 },
  { width: 900, height: 700 },
] as const;

const app = useEnclaveWindow({ withModel: true });
let enclave: EnclaveHarness;
let page: Page;
let scratch: string;
let copy: string;
let collectionId: string;

beforeAll(async () => {
  ({ enclave, page } = app);
  scratch = await mkdtemp(path.join(os.tmpdir(), 'enclave-e2e-notices-'));
  copy = path.join(scratch, fileName);
  await copyFile(fixture, copy);
});

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const importResult = () => page.getByRole('region', { name: 'Import result' });
const documentTable = () => page.getByRole('table', { name: 'Documents in Manuals' });
const documentRow = () => documentTable().getByRole('row').filter({ has: page.locator('th[scope="row"]', { hasText: fileName }) });

/** Screenshots at both sizes, light and dark, checked by axe in each; back to light at 1280x800 after. */
async function screenshotsAtBothSizes(name: string, scrollTo?: () => Promise<void>): Promise<void> {
  for (const viewport of viewports) {
    await page.setViewportSize(viewport);
    await scrollTo?.();
    const size = `${viewport.width}x${viewport.height}`;
    await enclave.screenshot(page, `${name}-${size}`, 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
    await enclave.screenshot(page, `${name}-${size}`, 'dark');
    expect(await accessibilityViolations(page)).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe('notices on documents indexed all the same', () => {
  it('says in the import summary and under the row that the owner restricts copying the text', async () => {
    await openSection(page, 'Documents');
    await page.getByRole('textbox', { name: 'New collection name' }).fill('Manuals');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: 'Manuals' }).waitFor();

    enclave.setPickedDocumentFiles([copy]);
    await page.getByRole('button', { name: 'Add files…' }).click();
    await expect.poll(() => importResult().textContent(), { timeout: 60_000 }).toMatch(/Indexed one file: asymptote-CAD-copy-restricted\.pdf/);

    collectionId = (await enclave.core.handlers['collections.list']({})).find((collection) => collection.name === 'Manuals')!.id;
    const [stored] = await enclave.core.handlers['documents.list']({ collectionId });
    expect(stored).toMatchObject({ status: 'ready', notices: [expect.stringMatching(copyNotice)] });
    const notice = stored!.notices[0]!;

    // The summary lists each note with the file it is about, in the live region that announces the import.
    const notes = importResult().getByRole('list', { name: 'Notes on the files indexed' });
    expect(await notes.getByRole('listitem').allTextContents()).toEqual([`${fileName}: ${notice}`]);
    expect(await importResult().getByRole('status').textContent()).toContain(`${fileName}: ${notice}`);

    // The table: the row as before, the note on a row of its own under it, read with the file's name.
    await documentRow().waitFor();
    expect(await documentRow().locator('th, td').allTextContents()).toEqual([
      expect.stringContaining(fileName),
      'PDF',
      '7',
      expect.stringMatching(/^\d+$/),
      'Ready',
      expect.any(String),
      `Remove ${fileName}`,
    ]);
    const noticeRow = documentRow().locator('xpath=following-sibling::tr[1]');
    expect(await noticeRow.textContent()).toBe(`${fileName}: ${notice}`);
    expect(await noticeRow.getByRole('listitem').allTextContents()).toEqual([notice]);
    expect(await noticeRow.isVisible()).toBe(true);

    await screenshotsAtBothSizes('document-notices');
  });

  it('keeps the note under the row once the import result is dismissed', async () => {
    await importResult().getByRole('button', { name: 'Dismiss the import result' }).click();
    await importResult().waitFor({ state: 'detached' });
    const noticeRow = documentRow().locator('xpath=following-sibling::tr[1]');
    expect(await noticeRow.textContent()).toMatch(new RegExp(`^${fileName.replace(/\./g, '\\.')}: Its owner restricts copying its text\\.`));
    // In a small window the table scrolls sideways; the note still wraps within the part of it in view.
    await page.setViewportSize(viewports[1]);
    expect(await noticeRow.getByRole('list').evaluate(isWithinPaneWidth)).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshotsAtBothSizes('document-notices-table');
  });

  it('cites a passage read by OCR with its confidence', async () => {
    const { handlers, db } = enclave.core;
    const [hit] = await handlers['documents.search']({ query: 'Asymptote technical drawing', collectionIds: [collectionId] });
    expect(hit).toBeDefined();
    const chat = await handlers['chats.create']({ title: 'From a scan' });
    insertMessage(db!, { chatId: chat.id, role: 'user', content: 'What is Asymptote for?', status: 'complete' });
    const reply = insertMessage(db!, { chatId: chat.id, role: 'assistant', content: 'Technical drawing [1].', status: 'complete' });
    // As a scanned page's passage is stored: its page and OCR's confidence for it.
    saveMessageSources(db!, reply.id, [{ ...hit!, page: 6, pageLabel: null, ocrConfidence: 91.4, number: 1, cited: true }]);
    await page.reload();
    await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name: 'From a scan', exact: true }).click();

    const source = page.locator('.sources').getByRole('button', { name: `Source 1: ${fileName}, page 6 (OCR, 91 %)`, exact: true });
    await source.waitFor();
    expect(await source.locator('.source-location').textContent()).toBe('page 6 (OCR, 91 %)');
    await screenshotsAtBothSizes('document-notices-ocr-citation', () => source.scrollIntoViewIfNeeded());
  });
});

describe('OCR languages in Settings → Documents', () => {
  it('lists the installed languages, English checked, explains them, and saves the choice', async () => {
    await openSection(page, 'Settings');
    const form = page.getByRole('form', { name: 'Document settings' });
    const languages = form.getByRole('group', { name: 'OCR languages' });
    await languages.waitFor();
    const installed = await enclave.core.handlers['settings.ocrLanguages']({});
    expect(installed).toContain('eng');
    const english = languages.getByRole('checkbox', { name: 'English (eng)' });
    await english.waitFor();
    expect(await languages.getByRole('checkbox').count()).toBe(installed.length);
    expect(await english.isChecked()).toBe(true);
    expect(await english.isVisible()).toBe(true);
    expect(await languages.getAttribute('aria-describedby')).toBe('documents-ocr-languages-hint');
    expect(await page.locator('#documents-ocr-languages-hint').textContent()).toMatch(/^The languages scanned pages and pictures are read in/);

    await page.getByRole('region', { name: 'Documents' }).scrollIntoViewIfNeeded();
    await screenshotsAtBothSizes('settings-ocr-languages', () => languages.scrollIntoViewIfNeeded());

    // None chosen: said in place, and nothing to save.
    await english.uncheck();
    expect(await page.locator('#documents-ocr-languages-hint').textContent()).toBe('OCR languages: choose from one to five.');
    expect(await form.getByRole('button', { name: 'Save document settings' }).isDisabled()).toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);

    await english.check();
    await form.getByRole('button', { name: 'Save document settings' }).click();
    await form.getByText('Saved.').waitFor();
    expect((await enclave.core.handlers['settings.get']({})).ocrLanguages).toEqual(['eng']);
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});

/** In the page: whether the element ends, left to right, inside the visible width of the documents pane. */
function isWithinPaneWidth(element: unknown): boolean {
  type Box = { left: number; right: number };
  const node = element as { getBoundingClientRect(): Box; closest(selector: string): { getBoundingClientRect(): Box } | null };
  const pane = node.closest('.library-detail');
  if (!pane) return false;
  const inner = node.getBoundingClientRect();
  const outer = pane.getBoundingClientRect();
  return inner.left >= outer.left && inner.right <= outer.right;
}
