import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractDocument, sectionSeparator, type ExtractedSection } from '../../../electron/core/documents/parse/index.js';
import { type DocumentFixtures, writeDocumentFixtures } from '../../../scripts/fixtures/documents.js';
import { csvSectionChars, csvSectionTokens } from '../../../electron/core/documents/parse/csv.js';
import { estimateTokens } from '../../../electron/core/text/estimateTokens.js';

let dir: string;
let fixtures: DocumentFixtures;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'enclave-parse-'));
  fixtures = await writeDocumentFixtures(dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function extractAll(path: string): Promise<ExtractedSection[]> {
  const sections: ExtractedSection[] = [];
  for await (const section of extractDocument(path)) sections.push(section);
  return sections;
}

/** charStart must point into the sections joined with the separator, exactly. */
function expectConsistentOffsets(sections: ExtractedSection[]): void {
  const whole = sections.map((section) => section.text).join(sectionSeparator);
  for (const section of sections) {
    expect(section.text.length).toBeGreaterThan(0);
    expect(whole.slice(section.charStart, section.charStart + section.text.length)).toBe(section.text);
  }
}

describe('extractDocument: text and positions per format', () => {
  it('reads a PDF page by page, with each page number and offset', async () => {
    const sections = await extractAll(fixtures.contractPdf);
    expect(sections.map((section) => section.page)).toEqual([1, 2, 3, 4]);
    expect(sections.every((section) => section.section === null)).toBe(true);
    const termination = sections.find((section) => section.text.includes('The termination clause requires ninety days notice.'));
    expect(termination?.page).toBe(3);
    expect(sections[0]?.text).toBe('Master Services Agreement\nThis agreement is made between Acme Corp and Example Ltd.');
    expect(sections[0]?.charStart).toBe(0);
    expect(sections[1]?.charStart).toBe((sections[0]?.text.length ?? 0) + 2);
    expectConsistentOffsets(sections);
  });

  it('reads a DOCX in sections that follow its headings', async () => {
    const sections = await extractAll(fixtures.headingsDocx);
    expect(sections.map((section) => [section.section, section.page])).toEqual([
      ['Employee handbook', null],
      ['Employee handbook > Leave', null],
      ['Employee handbook > Expenses', null],
      ['Security', null],
    ]);
    expect(sections[0]?.text).toBe('Employee handbook\n\nWelcome to the company. Read this first.');
    expect(sections[1]?.text).toContain('twenty-five days of paid leave');
    // Entities in Word's text come back as the characters, not as markup.
    expect(sections[2]?.text).toContain('Submit receipts within 30 days & keep copies <for audit>.');
    expectConsistentOffsets(sections);
  });

  it('reads Markdown by heading path, ignoring "#" inside code fences', async () => {
    const sections = await extractAll(fixtures.markdown);
    expect(sections.map((section) => section.section)).toEqual([
      'Installation guide',
      'Installation guide > Requirements',
      'Installation guide > Requirements > Disk space',
      'Installation guide > Uninstalling',
    ]);
    expect(sections[1]?.text).toContain('# not a heading, a shell comment');
    expect(sections[2]?.text).toBe('Disk space\n\nModels need 4 GB of free disk space.');
    expectConsistentOffsets(sections);
  });

  it('reads HTML as text: headings, entities, no script, style or comments', async () => {
    const sections = await extractAll(fixtures.html);
    const whole = sections.map((section) => section.text).join(sectionSeparator);
    expect(sections.map((section) => section.section)).toEqual([null, 'Travel policy', 'Travel policy > Hotels', 'Travel policy > Meals']);
    // Non-breaking spaces collapse with other whitespace, as a reader sees them.
    expect(whole).toContain('Book flights at least 14 days ahead & use economy class.');
    expect(sections[0]?.text).toBe('Policy');
    expect(whole).toContain('Hotels up to €150 per night.');
    // Stored text is NFKC (normalizeText): the non-breaking hyphen U+2011 is the hyphen U+2010.
    expect(whole).toContain('Wi\u2010Fi <free>');
    expect(whole).toContain('Dinner 40');
    expect(whole).not.toMatch(/do not index|color: red|comment that must vanish|<b>/);
    expectConsistentOffsets(sections);
  });

  it('reads CSV in passage-sized sections of whole records, each with the header and its own rows, keeping multi-line fields whole', async () => {
    const sections = await extractAll(fixtures.csv);
    expect(sections[0]?.section).toMatch(/^rows 1-\d+$/);
    expect(sections[0]?.text.startsWith('id,name,notes\n1,Widget 1,plain\n2,"Widget 2","first line\nsecond line"\n')).toBe(true);
    let nextRow = 1;
    for (const section of sections) {
      expect(section.text.length).toBeLessThanOrEqual(csvSectionChars);
      expect(estimateTokens(section.text)).toBeLessThanOrEqual(csvSectionTokens);
      expect(section.text.startsWith('id,name,notes\n')).toBe(true);
      const [first, last] = (/^rows (\d+)-(\d+)$/.exec(section.section ?? '') ?? []).slice(1).map(Number);
      expect(first).toBe(nextRow);
      // Its own records, numbered as in a spreadsheet (row 1 is the header, record n is row n + 1).
      const records = section.text.split('\n').filter((line) => /^\d+,/.test(line)).map((line) => Number(line.split(',')[0]));
      if (first !== 1) expect(records[0]).toBe((first ?? 0) - 1);
      expect(records.at(-1)).toBe((last ?? 0) - 1);
      nextRow = (last ?? 0) + 1;
    }
    expect(nextRow).toBe(452);
    expect(sections.at(-1)?.text.endsWith('450,Widget 450,plain')).toBe(true);
    expectConsistentOffsets(sections);
  });

  it('reads plain text with normalised line endings and non-ASCII text intact', async () => {
    const sections = await extractAll(fixtures.text);
    expect(sections).toEqual([
      { page: null, section: null, charStart: 0, text: 'First paragraph.\nStill the first.\n\nSecond paragraph: über café 😀.' },
    ]);
  });
});
