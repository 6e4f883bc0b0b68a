/**
 * A citation opens the page itself: the PDF the document was imported from, drawn by pdf.js in the
 * window (from its bytes through `documents.original`, never a path), scrolled to the passage with
 * the passage highlighted; previous and next page; the stored text a toggle away; "Open in system
 * viewer"; and the stored text, saying why, once the file has changed since it was indexed. A real
 * pdfTeX manual with printed page labels (test/fixtures/documents), the real core behind it.
 */
import { appendFile, copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentHit } from '../../electron/shared/documents.js';
import { accessibilityViolations } from './accessibility.js';
import type { EnclaveHarness } from './bridge.js';
import { useEnclaveWindow } from './enclaveWindow.js';
import { importIntoNewCollection, storeChat } from './storedChats.js';

const manual = fileURLToPath(new URL('../fixtures/documents/octave-liboctave-pages-1-6.pdf', import.meta.url));

const app = useEnclaveWindow({ withModel: true });
let enclave: EnclaveHarness;
let page: Page;
let scratch: string;
let copy: string;
let hit: DocumentHit;

beforeAll(async () => {
  ({ enclave, page } = app);
  scratch = await mkdtemp(path.join(os.tmpdir(), 'enclave-e2e-pages-'));
  copy = path.join(scratch, 'liboctave.pdf');
  await copyFile(manual, copy);
  const { collectionId, ended } = await importIntoNewCollection(enclave, 'Manuals', [copy]);
  expect(ended).toMatchObject({ outcomes: [{ status: 'indexed' }] });
  const [found] = await enclave.core.handlers['documents.search']({ query: 'Contributors to Octave', collectionIds: [collectionId] });
  expect(found).toMatchObject({ page: 5, pageLabel: '1' });
  hit = found!;

  // The tiny model's words are random: the answer is stored as a real model's would be, citing the
  // passage the search found (as `chats.send` stores it), so the test is about the viewer alone.
  await storeChat(enclave.core, 'Who wrote Octave?', [
    { role: 'user', content: 'Who are the contributors to Octave?' },
    { role: 'assistant', content: 'The manual lists its contributors [1].', sources: [{ ...hit, number: 1, cited: true }] },
  ]);
  await page.reload();
  await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name: 'Who wrote Octave?', exact: true }).click();
});

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const viewer = () => page.getByRole('dialog', { name: 'liboctave.pdf' });
const drawnPage = (name: string) => viewer().getByRole('region', { name, exact: true });
const source = () => page.locator('.sources').getByRole('button', { name: /^Source 1: liboctave\.pdf/ });

/** In the page: how many of the canvas's pixels are not white, and a checksum of them (to tell pages apart). */
function inkOf(canvas: unknown): { inked: number; checksum: number } {
  const element = canvas as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } };
  const { data } = element.getContext('2d').getImageData(0, 0, element.width, element.height);
  let inked = 0;
  let checksum = 0;
  for (let index = 0; index < data.length; index += 4) {
    const value = data[index]! + data[index + 1]! + data[index + 2]!;
    if (data[index + 3]! > 0 && value < 600) {
      inked += 1;
      checksum = (checksum * 31 + value + index) % 2_147_483_647;
    }
  }
  return { inked, checksum };
}

/** In the page: whether the element's top is inside the visible part of its scrolling container. */
function isWithinScroller(element: unknown): boolean {
  type Box = { top: number; bottom: number };
  const node = element as { getBoundingClientRect(): Box; closest(selector: string): { getBoundingClientRect(): Box } | null };
  const container = node.closest('.passage-pdf');
  if (!container) return false;
  const inner = node.getBoundingClientRect();
  const outer = container.getBoundingClientRect();
  return inner.top >= outer.top && inner.top < outer.bottom;
}

async function waitDrawn(name: string): Promise<void> {
  await expect.poll(() => drawnPage(name).getAttribute('aria-busy'), { timeout: 20_000 }).toBe('false');
}

describe('the page itself, from a citation', () => {
  it('draws the PDF page the passage is on, with the passage highlighted and in view', async () => {
    await source().click();
    await viewer().waitFor();
    await waitDrawn('Page 1 (PDF page 5 of 6)');
    const region = drawnPage('Page 1 (PDF page 5 of 6)');
    const ink = await region.locator('canvas').evaluate(inkOf);
    expect(ink.inked).toBeGreaterThan(1000);
    expect(await viewer().getByRole('button', { name: 'Page', exact: true }).getAttribute('aria-pressed')).toBe('true');

    const marked = region.locator('.passage-hit');
    expect(await marked.count()).toBeGreaterThan(0);
    // The highlight runs from the passage's first words to its last (compared without spaces, as the
    // text layer splits and joins lines its own way).
    const letters = (text: string) => text.normalize('NFKC').replace(/[\s-]/g, '');
    const markedText = letters((await marked.allTextContents()).join(''));
    const words = hit.text.trim().split(/\s+/);
    expect(markedText.startsWith(letters(words.slice(0, 3).join(' ')))).toBe(true);
    expect(markedText.endsWith(letters(words.slice(-3).join(' ')))).toBe(true);
    expect(await marked.first().evaluate(isWithinScroller)).toBe(true);
    // Nothing but the passage: where the page holds more than the passage, the rest is not marked.
    const stored = await enclave.core.handlers['documents.passage']({ chunkId: hit.chunkId });
    const unmarked = await region.locator('.textLayer span:not(.passage-hit):not(.markedContent)').allTextContents();
    expect(letters(unmarked.join('')).length > 0).toBe(letters(stored.text).length > letters(hit.text).length);

    await enclave.screenshot(page, 'passage-page', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
    await enclave.screenshot(page, 'passage-page', 'dark');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('turns to the next and previous pages, by pointer and by keyboard, with their printed labels', async () => {
    const before = await drawnPage('Page 1 (PDF page 5 of 6)').locator('canvas').evaluate(inkOf);
    await viewer().getByRole('button', { name: 'Next page' }).click();
    await waitDrawn('Page 2 (PDF page 6 of 6)');
    const next = await drawnPage('Page 2 (PDF page 6 of 6)').locator('canvas').evaluate(inkOf);
    expect(next.inked).toBeGreaterThan(1000);
    expect(next.checksum).not.toBe(before.checksum);
    expect(await viewer().locator('.passage-hit').count()).toBe(0);
    expect(await viewer().getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);

    await viewer().getByRole('button', { name: 'Previous page' }).focus();
    await page.keyboard.press('Enter');
    await waitDrawn('Page 1 (PDF page 5 of 6)');
    await page.keyboard.press('Enter');
    await waitDrawn('Page ii (PDF page 4 of 6)');
    expect((await drawnPage('Page ii (PDF page 4 of 6)').locator('canvas').evaluate(inkOf)).inked).toBeGreaterThan(500);
    await viewer().getByRole('button', { name: 'Next page' }).click();
    await waitDrawn('Page 1 (PDF page 5 of 6)');
    expect(await viewer().locator('.passage-hit').count()).toBeGreaterThan(0);
  });

  it('switches to the stored text with the passage marked, and opens the file in the system viewer', async () => {
    await viewer().getByRole('button', { name: 'Stored text' }).click();
    const text = viewer().getByRole('region', { name: 'Text of page 1 (pdf page 5 of 6)' });
    expect(await text.locator('mark').textContent()).toBe(hit.text);
    await viewer().getByRole('button', { name: 'Page', exact: true }).click();
    await waitDrawn('Page 1 (PDF page 5 of 6)');

    await viewer().getByRole('button', { name: 'Open in system viewer' }).click();
    await expect.poll(() => enclave.openedFiles).toEqual([copy]);
    await page.keyboard.press('Escape');
    await viewer().waitFor({ state: 'detached' });
  });

  it('shows the stored text, saying why, when the file has changed since it was indexed; and does not open it', async () => {
    await appendFile(copy, '% changed after it was indexed\n');
    await source().click();
    const note = viewer().locator('.passage-viewer-fallback');
    await note.waitFor();
    expect(await note.textContent()).toMatch(/^The file has moved or changed since it was indexed; showing the text Enclave stored\./);
    expect(await note.getAttribute('data-error-code')).toBe('document-changed');
    expect(await viewer().getByRole('region', { name: 'Text of page 1 (pdf page 5 of 6)' }).locator('mark').textContent()).toBe(hit.text);
    expect(await viewer().getByRole('button', { name: 'Stored text' }).count()).toBe(0);
    expect(await viewer().locator('canvas').count()).toBe(0);
    await enclave.screenshot(page, 'passage-page-changed', 'light');
    await enclave.screenshot(page, 'passage-page-changed', 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await accessibilityViolations(page)).toEqual([]);

    await viewer().getByRole('button', { name: 'Open in system viewer' }).click();
    const alert = viewer().getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^Could not open the file\. The file has moved or changed since it was indexed, so Enclave did not open it/);
    expect(enclave.openedFiles).toEqual([copy]);
  });
});
