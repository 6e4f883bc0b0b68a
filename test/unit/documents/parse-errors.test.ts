import { copyFile, mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnclaveError } from '../../../electron/core/errors.js';
import { detectDocumentFormat, extractDocument } from '../../../electron/core/documents/parse/index.js';
import { type DocumentFixtures, writeDocumentFixtures } from '../../../scripts/fixtures/documents.js';
import { invalidUtf8Fixture } from '../../../scripts/fixtures/text.js';

let dir: string;
let fixtures: DocumentFixtures;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'enclave-parse-errors-'));
  fixtures = await writeDocumentFixtures(dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs an extraction to the end and returns the error it stopped with. */
async function extractionError(path: string, signal?: AbortSignal): Promise<EnclaveError> {
  try {
    for await (const _section of extractDocument(path, signal ? { signal } : {})) {
      // Drain.
    }
  } catch (error) {
    if (error instanceof EnclaveError) return error;
    throw error;
  }
  throw new Error(`${path} was extracted without an error`);
}

describe('bad input gets a specific error that names the file', () => {
  const cases: [keyof DocumentFixtures, string, RegExp][] = [
    ['encryptedPdf', 'document-encrypted', /^report\.pdf is password-protected; Enclave cannot read it\. Save an unprotected copy/],
    ['corruptPdf', 'document-corrupt', /^corrupt\.pdf is damaged/],
    ['truncatedPdf', 'document-corrupt', /^truncated\.pdf is damaged/],
    ['scannedPdf', 'document-no-text', /^scan\.pdf has no text layer, and OCR found no text on its pages\./],
    ['emptyText', 'document-empty', /^empty\.txt is empty/],
    ['blankText', 'document-empty', /^blank\.txt is empty/],
    ['binaryText', 'document-binary', /^image\.txt contains binary data/],
    ['zipBombDocx', 'document-zip-bomb', /^bomb\.docx is not a normal Word file: it would unpack to 16 MB/],
    ['lyingZipBombDocx', 'document-zip-bomb', /^hidden-bomb\.docx is not a normal Word file: its part word\/document\.xml unpacks to more/],
    ['zipNotDocx', 'document-corrupt', /no word\/document\.xml/],
    ['corruptDocx', 'document-corrupt', /^broken\.docx is damaged: it is not a valid Word file/],
    ['pdfNamedDocx', 'document-format-mismatch', /^contract\.docx .* really a PDF: rename it to end in \.pdf/],
    ['unsupported', 'document-unsupported', /^legacy\.doc .* save it as \.docx/],
  ];
  for (const [role, code, message] of cases) {
    it(`${role}: ${code}`, async () => {
      const error = await extractionError(fixtures[role]);
      expect(error.code).toBe(code);
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain(dir);
    });
  }

  it('invalid UTF-8: says where, in bytes', async () => {
    const error = await extractionError(fixtures.invalidUtf8Text);
    expect(error.code).toBe('document-invalid-utf8');
    expect(error.message).toContain(`latin1.txt is not valid UTF-8 text at byte ${invalidUtf8Fixture().badOffset}.`);
  });

  it('invalid UTF-8 far into a large file: the offset is exact across read boundaries', async () => {
    const path = join(dir, 'late-error.csv');
    const good = Buffer.from('a,b\n'.repeat(50_000) + 'x,é'.slice(0, 2));
    await writeFile(path, Buffer.concat([good, Buffer.from([0xc3, 0x28]), Buffer.from('\n')]));
    const error = await extractionError(path);
    expect(error.code).toBe('document-invalid-utf8');
    expect(error.message).toContain(`at byte ${good.length}.`);
  });

  it('UTF-16 text: asks for UTF-8', async () => {
    const path = join(dir, 'utf16.txt');
    await writeFile(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('hello', 'utf16le')]));
    const error = await extractionError(path);
    expect(error.code).toBe('document-invalid-utf8');
    expect(error.message).toMatch(/UTF-16/);
  });

  it('a file that is not there: document-missing', async () => {
    const error = await extractionError(join(dir, 'gone.pdf'));
    expect(error.code).toBe('document-missing');
    expect(error.message).toMatch(/^gone\.pdf was moved or deleted/);
  });

  it('a file removed mid-extraction: document-missing, and no more sections', async () => {
    const path = join(dir, 'removed.txt');
    await writeFile(path, Array.from({ length: 20_000 }, (_, index) => `Paragraph ${index} of a long file.`).join('\n\n'));
    const sections = extractDocument(path);
    const first = await sections.next();
    expect(first.done).toBe(false);
    await unlink(path);
    const error = await (async () => {
      try {
        for (;;) if ((await sections.next()).done === true) return null;
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(EnclaveError);
    expect((error as EnclaveError).code).toBe('document-missing');
  });

  it('a PDF removed after its first page: document-missing', async () => {
    const path = join(dir, 'removed.pdf');
    await copyFile(fixtures.contractPdf, path);
    const pages: number[] = [];
    let caught: unknown;
    try {
      for await (const section of extractDocument(path)) {
        pages.push(section.page ?? 0);
        if (pages.length === 1) await unlink(path);
      }
    } catch (error) {
      caught = error;
    }
    expect(pages).toEqual([1]);
    expect((caught as EnclaveError).code).toBe('document-missing');
    expect((caught as EnclaveError).message).toMatch(/^removed\.pdf was moved or deleted while Enclave was reading it/);
  });

  it('a folder named like a document: document-unsupported', async () => {
    const folder = join(dir, 'folder.txt');
    await mkdir(folder);
    const error = await extractionError(folder);
    expect(error.code).toBe('document-unsupported');
    expect(error.message).toBe('folder.txt is a folder, not a file.');
  });
});

describe('cancellation', () => {
  it('an aborted signal stops a PDF between pages with import-cancelled', async () => {
    const controller = new AbortController();
    const pages: number[] = [];
    let caught: unknown;
    try {
      for await (const section of extractDocument(fixtures.contractPdf, { signal: controller.signal })) {
        pages.push(section.page ?? 0);
        if (section.page === 2) controller.abort();
      }
    } catch (error) {
      caught = error;
    }
    expect(pages).toEqual([1, 2]);
    expect(caught).toBeInstanceOf(EnclaveError);
    expect((caught as EnclaveError).code).toBe('import-cancelled');
    expect((caught as EnclaveError).message).toBe('Import of contract.pdf was cancelled.');
  });

  it('a signal aborted before the start reads nothing', async () => {
    const error = await extractionError(fixtures.text, AbortSignal.abort());
    expect(error.code).toBe('import-cancelled');
  });
});

describe('detectDocumentFormat', () => {
  const pdfHeader = Buffer.from('%PDF-1.7\n');
  const zipHeader = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]);
  it('goes by extension, case-insensitively, and checks signatures', () => {
    expect(detectDocumentFormat('/a/Report.PDF', pdfHeader)).toBe('pdf');
    expect(detectDocumentFormat('/a/x.docx', zipHeader)).toBe('docx');
    expect(detectDocumentFormat('/a/x.md', Buffer.from('# hi'))).toBe('markdown');
    expect(detectDocumentFormat('/a/x.markdown', Buffer.from('# hi'))).toBe('markdown');
    expect(detectDocumentFormat('/a/x.htm', Buffer.from('<p>'))).toBe('html');
    expect(detectDocumentFormat('/a/x.csv', Buffer.from('a,b'))).toBe('csv');
    expect(detectDocumentFormat('/a/x.txt', Buffer.from('a text about %PDF- headers'))).toBe('txt');
    // Some PDF writers put a few bytes before the header; readers accept that.
    expect(detectDocumentFormat('/a/x.pdf', Buffer.concat([Buffer.from('junk\n'), pdfHeader]))).toBe('pdf');
  });

  it('rejects mismatches, empty files and unknown extensions with their own codes', () => {
    const codeOf = (path: string, bytes: Uint8Array): string => {
      try {
        detectDocumentFormat(path, bytes);
        return 'none';
      } catch (error) {
        return error instanceof EnclaveError ? error.code : 'other';
      }
    };
    expect(codeOf('/a/x.pdf', zipHeader)).toBe('document-format-mismatch');
    expect(codeOf('/a/x.pdf', Buffer.from('hello'))).toBe('document-format-mismatch');
    expect(codeOf('/a/x.docx', Buffer.from('hello'))).toBe('document-format-mismatch');
    expect(codeOf('/a/x.txt', zipHeader)).toBe('document-format-mismatch');
    expect(codeOf('/a/x.pdf', new Uint8Array())).toBe('document-empty');
    expect(codeOf('/a/x.exe', Buffer.from('MZ'))).toBe('document-unsupported');
    expect(codeOf('/a/noextension', Buffer.from('text'))).toBe('document-unsupported');
    expect(basename('/a/x.pdf')).toBe('x.pdf');
  });
});
