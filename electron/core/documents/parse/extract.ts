import { extractCsv } from './csv.js';
import { sniffLength, detectDocumentFormat } from './detect.js';
import { emptyError, throwIfAborted, toDocumentError, tooMuchTextError } from './documentErrors.js';
import { extractDocx } from './docx.js';
import { DocumentFile } from './fileSource.js';
import { extractHtml } from './html.js';
import { extractImage } from './image.js';
import { maxDocumentTextChars } from './limits.js';
import { extractMarkdown } from './markdown.js';
import { extractPdf } from './pdf.js';
import { extractPlainText } from './plainText.js';
import { decodeTextFile } from './textDecoding.js';
import { normalizeText } from '../../text/normalizeText.js';
import { type DocumentFormat, type ExtractedSection, type ExtractOptions, type RawSection, type TextBudget } from './types.js';

/** Sections are joined with this to make the whole document text that `charStart` points into. */
export const sectionSeparator = '\n\n';

/**
 * Streams a document's text as sections (a PDF page, a heading's worth of DOCX/Markdown/HTML, 16-64 KB
 * of plain text, a passage's worth of CSV rows), each with its offset in the whole text, its text in
 * the form queries are read in (`normalizeText`). Nothing holds the whole text.
 * Throws `EnclaveError` with a `document-*` code for a file it cannot read, `document-too-large` past
 * `options.maxTextChars`, and `import-cancelled` when `options.signal` aborts (checked between sections).
 * A document read all the same despite something the user should know (a copy restriction, a page
 * OCR could not read) is reported to `options.onNotice` as it is found.
 */
export async function* extractDocument(filePath: string, options: ExtractOptions = {}): AsyncGenerator<ExtractedSection> {
  const { signal } = options;
  const maxTextChars = options.maxTextChars ?? maxDocumentTextChars;
  throwIfAborted(filePath, signal);
  const file = await DocumentFile.open(filePath);
  try {
    const format = detectDocumentFormat(filePath, await file.read(0, Math.min(file.size, sniffLength)));
    let charStart = 0;
    const budget = { maxChars: maxTextChars, usedChars: 0 };
    for await (const raw of readSections(format, file, options, budget)) {
      throwIfAborted(filePath, signal);
      // Stored text takes the form queries are searched in (NFKC, presentation forms): see normalizeText.
      const section = { ...raw, text: normalizeText(raw.text).trim() };
      if (section.text === '') continue;
      budget.usedChars += section.text.length;
      if (budget.usedChars > maxTextChars) throw tooMuchTextError(filePath, maxTextChars);
      yield { ...section, charStart };
      charStart += section.text.length + sectionSeparator.length;
    }
    if (charStart === 0) throw emptyError(filePath);
  } catch (error) {
    throw toDocumentError(filePath, error);
  } finally {
    await file.close();
  }
}

function readSections(format: DocumentFormat, file: DocumentFile, options: ExtractOptions, budget: TextBudget): AsyncGenerator<RawSection> {
  const { signal } = options;
  switch (format) {
    case 'pdf':
      return extractPdf(file, signal, budget, { ocrLanguages: options.ocrLanguages, onNotice: options.onNotice });
    case 'docx':
      return extractDocx(file);
    case 'txt':
      return extractPlainText(decodeTextFile(file, signal));
    case 'markdown':
      return extractMarkdown(decodeTextFile(file, signal));
    case 'html':
      return extractHtml(decodeTextFile(file, signal));
    case 'csv':
      return extractCsv(decodeTextFile(file, signal));
    case 'image':
      return extractImage(file, signal, options.ocrLanguages);
  }
}
