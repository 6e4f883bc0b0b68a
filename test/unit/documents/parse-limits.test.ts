import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnclaveError } from '../../../electron/core/errors.js';
import { extractDocument, type ExtractedSection } from '../../../electron/core/documents/parse/index.js';
import { createMediaMainPartDocx, documentXml, packageRelationships } from '../../../scripts/fixtures/docx.js';
import { contractPages, createTextPdf } from '../../../scripts/fixtures/pdf.js';
import { createZip, type ZipInput } from '../../../scripts/fixtures/zip.js';

const relationshipType = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'enclave-parse-limits-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, data: Uint8Array | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, data);
  return path;
}

async function sectionsOf(path: string, maxTextChars?: number): Promise<ExtractedSection[]> {
  const sections: ExtractedSection[] = [];
  for await (const section of extractDocument(path, maxTextChars === undefined ? {} : { maxTextChars })) sections.push(section);
  return sections;
}

async function extractionError(path: string, maxTextChars?: number): Promise<EnclaveError> {
  try {
    await sectionsOf(path, maxTextChars);
  } catch (error) {
    if (error instanceof EnclaveError) return error;
    throw error;
  }
  throw new Error(`${path} was extracted without an error`);
}

/** The relationships part of word/main.xml, with `[type, target]` pairs. */
function mainRelationships(pairs: readonly [string, string][]): ZipInput {
  const elements = pairs.map(([type, target], index) => `<Relationship Id="rId${index + 1}" Type="${relationshipType}${type}" Target="${target}"/>`);
  return {
    name: 'word/_rels/main.xml.rels',
    data: Buffer.from(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${elements.join('')}</Relationships>`),
  };
}

describe('DOCX: every part mammoth reads is found as mammoth finds it and checked as it is found', () => {
  it('reads a main document named only by _rels/.rels (word/main.xml, no word/document.xml)', async () => {
    const path = await write(
      'renamed-main.docx',
      await createZip([
        { name: '_rels/.rels', data: packageRelationships('word/main.xml') },
        { name: 'word/main.xml', data: documentXml(['The main part is found through its relationship.', 'Second paragraph.']) },
      ]),
    );
    const sections = await sectionsOf(path);
    expect(sections.map((section) => section.text).join('\n')).toBe('The main part is found through its relationship.\n\nSecond paragraph.');
  });

  it('refuses a main document in word/media, the hiding place of the 300 MB file, before unpacking it', async () => {
    const path = await write('media-main.docx', await createMediaMainPartDocx(4 * 1024 * 1024));
    const error = await extractionError(path);
    expect(error.code).toBe('document-corrupt');
    expect(error.message).toMatch(/^media-main\.docx is not a normal Word file: it says its text is in word\/media\/big\.xml/);
  });

  it('refuses a main document outside word/', async () => {
    const path = await write(
      'custom-main.docx',
      await createZip([
        { name: '_rels/.rels', data: packageRelationships('customXml/item1.xml') },
        { name: 'customXml/item1.xml', data: documentXml(['Hidden outside word/.']) },
        { name: 'word/document.xml', data: documentXml(['Decoy.']) },
      ]),
    );
    const error = await extractionError(path);
    expect(error.code).toBe('document-corrupt');
    expect(error.message).toContain('its text is in customXml/item1.xml');
  });

  it('refuses a styles (or notes, comments, numbering) part the main document points into word/media', async () => {
    const path = await write(
      'media-styles.docx',
      await createZip([
        { name: '_rels/.rels', data: packageRelationships('word/main.xml') },
        { name: 'word/main.xml', data: documentXml(['Body text.']) },
        mainRelationships([['styles', 'media/styles.xml']]),
        { name: 'word/media/styles.xml', data: Buffer.from('<w:styles/>') },
      ]),
    );
    const error = await extractionError(path);
    expect(error.code).toBe('document-corrupt');
    expect(error.message).toContain('word/media/styles.xml');
  });

  it('checks a part found through the relationships against its declared size as it unpacks it', async () => {
    const path = await write(
      'lying-main.docx',
      await createZip(
        [
          { name: '_rels/.rels', data: packageRelationships('word/main.xml') },
          { name: 'word/document.xml', data: documentXml(['Decoy.']) },
        ],
        // Declared 1 MB (a plausible 64:1), really 16 MB.
        [{ name: 'word/main.xml', size: 16 * 1024 * 1024, declaredSize: 1024 * 1024 }],
      ),
    );
    const error = await extractionError(path);
    expect(error.code).toBe('document-zip-bomb');
    expect(error.message).toMatch(/^lying-main\.docx is not a normal Word file: its part word\/main\.xml unpacks to more than the file says/);
  });
});

describe('text per document', () => {
  it('fails a text file past the limit with document-too-large', async () => {
    const path = await write('long.txt', 'A line of text that repeats.\n'.repeat(1000));
    expect(await sectionsOf(path, 100_000)).not.toHaveLength(0);
    const error = await extractionError(path, 10_000);
    expect(error.code).toBe('document-too-large');
    expect(error.message).toMatch(/^long\.txt has more text than Enclave indexes from one document/);
  });

  it('stops inside a PDF page whose text alone passes what is left', async () => {
    const path = await write('contract.pdf', await createTextPdf(contractPages));
    const error = await extractionError(path, 50);
    expect(error.code).toBe('document-too-large');
    expect(error.message).toMatch(/^contract\.pdf has more text/);
  });
});
