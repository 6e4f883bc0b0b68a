import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractDocument, sectionSeparator, type ExtractedSection } from '../../../electron/core/documents/parse/index.js';
import { Utf8Validator } from '../../../electron/core/documents/parse/textDecoding.js';
import { decodeHtmlEntities } from '../../../electron/core/documents/parse/htmlEntities.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'enclave-chunks-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function extractAll(path: string): Promise<ExtractedSection[]> {
  const sections: ExtractedSection[] = [];
  for await (const section of extractDocument(path)) sections.push(section);
  return sections;
}

describe('large text files stream in bounded sections', () => {
  it('splits a 1 MB text file at paragraph breaks into 16-64 KB sections, losing nothing', async () => {
    const paragraphs = Array.from({ length: 4000 }, (_, index) => `Paragraph ${index}: ${'lorem ipsum dolor '.repeat(12)}é😀`);
    const path = join(dir, 'big.txt');
    await writeFile(path, paragraphs.join('\r\n\r\n'));
    const sections = await extractAll(path);
    expect(sections.length).toBeGreaterThan(10);
    for (const section of sections) expect(section.text.length).toBeLessThanOrEqual(64 * 1024 + 1024);
    for (const section of sections.slice(0, -1)) expect(section.text.length).toBeGreaterThanOrEqual(16 * 1024);
    // Splits fall between paragraphs, so joining the sections gives the document back.
    expect(sections.map((section) => section.text).join(sectionSeparator)).toBe(paragraphs.join('\n\n'));
    const last = sections.at(-1);
    expect(last?.charStart).toBe(paragraphs.join('\n\n').length - (last?.text.length ?? 0));
  });

  it('cuts one enormous line without splitting a surrogate pair', async () => {
    const path = join(dir, 'one-line.txt');
    const line = '😀a'.repeat(100_000);
    await writeFile(path, line);
    const sections = await extractAll(path);
    expect(sections.length).toBeGreaterThan(1);
    expect(sections.map((section) => section.text).join('')).toBe(line);
    const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
    for (const section of sections) expect(section.text).not.toMatch(loneSurrogate);
  });

  it('splits long Markdown sections at paragraph breaks, keeping the heading path', async () => {
    const path = join(dir, 'long.md');
    await writeFile(path, `# Big\n\n${Array.from({ length: 800 }, (_, index) => `Line ${index} ${'text '.repeat(20)}`).join('\n\n')}\n`);
    const sections = await extractAll(path);
    expect(sections.length).toBeGreaterThan(1);
    expect(new Set(sections.map((section) => section.section))).toEqual(new Set(['Big']));
  });
});

describe('UTF-8 validation', () => {
  it('reports the offset of the first invalid sequence, across feed boundaries', () => {
    const bytes = Buffer.from('ok é ok', 'utf8');
    const validator = new Utf8Validator();
    // Split inside the two-byte "é": still valid.
    expect(validator.feed(bytes.subarray(0, 4), 0)).toBeNull();
    expect(validator.feed(bytes.subarray(4), 4)).toBeNull();
    expect(validator.end()).toBeNull();
    expect(new Utf8Validator().feed(Buffer.from([0x61, 0xed, 0xa0, 0x80]), 0)).toBe(1); // an encoded surrogate
    expect(new Utf8Validator().feed(Buffer.from([0x61, 0x62, 0xc0, 0xaf]), 0)).toBe(2); // an overlong "/"
    const truncated = new Utf8Validator();
    expect(truncated.feed(Buffer.from([0x61, 0xe2, 0x82]), 10)).toBeNull();
    expect(truncated.end()).toBe(11);
  });
});

describe('HTML entities', () => {
  it('decodes numeric and common named references, and leaves unknown names alone', () => {
    expect(decodeHtmlEntities('a &amp; b &lt;c&gt; &#65;&#x42; &nbsp;&euro; &bogus; &#0; &amp')).toBe('a & b <c> AB \u00a0€ &bogus; \ufffd &amp');
  });
});
