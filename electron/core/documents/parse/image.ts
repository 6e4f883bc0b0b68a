import { EnclaveError } from '../../errors.js';
import { displayName } from './documentErrors.js';
import { type DocumentFile } from './fileSource.js';
import { PageRecognizer } from './ocr.js';
import { minOcrConfidence } from './pdfScan.js';
import { type RawSection } from './types.js';

/** Largest picture file read with OCR: a 600-dpi colour A4 scan as PNG is about 30 MB. */
const maxImageBytes = 64 * 1024 * 1024;

/**
 * A scanned page saved as a picture (PNG, JPEG, TIFF), read with OCR as one section without a page
 * number. A multi-page TIFF yields its first page only (what Tesseract reads from one image).
 */
export async function* extractImage(
  file: DocumentFile,
  signal: AbortSignal | undefined,
  ocrLanguages?: readonly string[],
): AsyncGenerator<RawSection> {
  if (file.size > maxImageBytes) {
    throw new EnclaveError(
      'document-too-large',
      `${displayName(file.path)} is a picture of ${Math.round(file.size / 2 ** 20)} MB; Enclave reads pictures of up to 64 MB. Save it at 300 dpi in grayscale and import that.`,
    );
  }
  const recognizer = new PageRecognizer(file.path, signal, ocrLanguages);
  try {
    const recognized = await recognizer.recognize(await file.read(0, file.size));
    await file.assertStillPresent();
    if (recognized.text === '') {
      throw new EnclaveError(
        'document-no-text',
        `OCR found no text in ${displayName(file.path)}. If it is a scan, scan it again at 300 dpi or more and import that.`,
      );
    }
    // The same bar as a PDF's scanned page (pdfScan.ts): below it OCR's text is gibberish, not the page.
    if (recognized.confidence < minOcrConfidence) {
      throw new EnclaveError(
        'document-no-text',
        `OCR could not read ${displayName(file.path)} reliably (confidence ${Math.round(recognized.confidence)} %), so none of it was indexed. If it is a scan, scan it again at 300 dpi or more and import that.`,
      );
    }
    yield { page: null, section: null, text: recognized.text, ocrConfidence: recognized.confidence };
  } finally {
    await recognizer.dispose();
  }
}
