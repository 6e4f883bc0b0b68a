import { describe, expect, it } from 'vitest';
import { EnclaveError } from '../../../electron/core/errors.js';
import { extractDocument } from '../../../electron/core/documents/parse/index.js';
import { ensureGigabyteZipBomb, ensureManyPagePdf } from '../../../scripts/fixtures/documents.js';
import { manyPageLines } from '../../../scripts/fixtures/pdf.js';

describe('large documents', () => {
  it('extracts a 2,000-page PDF page by page with bounded memory', { timeout: 90_000 }, async () => {
    const path = await ensureManyPagePdf(2000);
    const startedAt = performance.now();
    let count = 0;
    let expectedStart = 0;
    let peakHeap = 0;
    for await (const section of extractDocument(path)) {
      count++;
      expect(section.page).toBe(count);
      expect(section.charStart).toBe(expectedStart);
      expectedStart += section.text.length + 2;
      if (count === 1 || count === 1234 || count === 2000) expect(section.text).toBe(manyPageLines(count).join('\n'));
      if (count % 50 === 0) peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
    const seconds = (performance.now() - startedAt) / 1000;
    console.log(`2,000-page PDF: ${seconds.toFixed(1)} s, peak heap ${(peakHeap / 2 ** 20).toFixed(0)} MB`);
    expect(count).toBe(2000);
    expect(peakHeap).toBeLessThan(300 * 2 ** 20);
    // Speed is bench:docs's job; here only a gross regression (say, reading the file per page) fails.
    expect(seconds).toBeLessThan(50);
  });

  it('refuses a DOCX that unpacks to 1 GB before inflating any of it', { timeout: 60_000 }, async () => {
    const path = await ensureGigabyteZipBomb();
    const heapBefore = process.memoryUsage().heapUsed;
    const startedAt = performance.now();
    let caught: unknown;
    try {
      for await (const _section of extractDocument(path)) {
        // Nothing should come out.
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnclaveError);
    expect((caught as EnclaveError).code).toBe('document-zip-bomb');
    expect((caught as EnclaveError).message).toMatch(/^zip-bomb-1gb\.docx is not a normal Word file: it would unpack to 1024 MB/);
    // Reading the zip directory is quick and small; inflating would take seconds and a gigabyte.
    expect(performance.now() - startedAt).toBeLessThan(1000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(50 * 2 ** 20);
  });
});
