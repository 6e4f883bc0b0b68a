/**
 * Line-end hyphenation on real PDFs, against poppler's `pdftotext` on the same pages:
 * `npx tsx scripts/bench/docs-hyphenation.ts file.pdf [more.pdf ...]`. For every word pdf.js reads
 * cut at a line end ("exam-" then "ple..."), it prints whether Enclave rejoined it or kept the hyphen
 * (`rejoinHyphenatedLines`), and whether `pdftotext`'s text of that page has the same word, and lists
 * where the two disagree. Debian's -doc packages hold thousands of such PDFs
 * (`apt-get download asymptote-doc gnuplot-doc && dpkg -x <deb> x`).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { rejoinHyphenatedLines } from '../../electron/core/documents/parse/hyphenation.js';

const pdftotext = process.env.PDFTOTEXT ?? '/usr/bin/pdftotext';
const run = promisify(execFile);
/** A word cut at a line end as pdf.js reads it: letters, a hyphen, a line break, a lowercase letter. */
const cutWord = /([\p{L}\p{M}]+)[-\u2010\u00ad]\n(\p{Ll}[\p{L}\p{M}]*)/gu;

interface HyphenationFigures {
  file: string;
  pages: number;
  cutWords: number;
  rejoined: number;
  rejoinedAsPdftotext: number;
  keptHyphen: number;
  disagreements: string[];
}

/** The page's lines as `readPageText` in parse/pdf.ts prepares them, before hyphens are rejoined. */
function pageLines(items: readonly object[]): string {
  let text = '';
  for (const item of items) {
    if (!('str' in item) || typeof item.str !== 'string') continue;
    text += item.str;
    if ('hasEOL' in item && item.hasEOL === true) text += '\n';
  }
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .join('\n');
}

async function measure(file: string): Promise<HyphenationFigures> {
  const document = await getDocument({ data: new Uint8Array(await readFile(file)), verbosity: 0 }).promise;
  const figures: HyphenationFigures = { file, pages: document.numPages, cutWords: 0, rejoined: 0, rejoinedAsPdftotext: 0, keptHyphen: 0, disagreements: [] };
  for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber++) {
    const page = await document.getPage(pageNumber);
    const raw = pageLines((await page.getTextContent()).items);
    page.cleanup();
    const cuts = [...raw.matchAll(cutWord)];
    if (cuts.length === 0) continue;
    const ours = rejoinHyphenatedLines(raw);
    const { stdout } = await run(pdftotext, ['-q', '-f', String(pageNumber), '-l', String(pageNumber), file, '-'], { maxBuffer: 64 * 1024 * 1024 });
    const popplerWords = new Set(stdout.split(/[^\p{L}\p{M}-]+/u));
    for (const [, head = '', tail = ''] of cuts) {
      figures.cutWords++;
      const word = head + tail;
      if (ours.includes(word)) {
        figures.rejoined++;
        if (popplerWords.has(word)) figures.rejoinedAsPdftotext++;
        else figures.disagreements.push(`page ${pageNumber}: ${word} (pdftotext: ${popplerWords.has(`${head}-${tail}`) ? `${head}-${tail}` : 'neither'})`);
      } else {
        figures.keptHyphen++;
      }
    }
  }
  await document.destroy();
  return figures;
}

for (const file of process.argv.slice(2)) {
  const figures = await measure(file);
  console.log(
    `${figures.file}: ${figures.pages} pages, ${figures.cutWords} words cut at a line end; ` +
      `${figures.rejoined} rejoined (${figures.rejoinedAsPdftotext} as pdftotext has them), ${figures.keptHyphen} kept with their hyphen`,
  );
  for (const line of figures.disagreements.slice(0, 20)) console.log(`  differs from pdftotext: ${line}`);
}
