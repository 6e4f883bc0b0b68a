import type * as PdfjsModule from 'pdfjs-dist/legacy/build/pdf.mjs';
import { type PageRecognizer } from './ocr.js';

/**
 * A scanned page is one picture drawn over the page. Its pixels come straight from pdf.js's operator
 * list (pdf.js decodes the image, JPEG and CCITT included, into raw pixels), which needs no canvas:
 * rendering the page would need a native canvas module in the reader process (pdf.js's optional
 * `@napi-rs/canvas`), and resample the scan instead of giving OCR the scanner's own pixels.
 */

/**
 * Below this many characters of text layer a page may be a scan carrying only a stamp or a page number
 * ("Exhibit 12", a Bates number) drawn as text over it: such a page is checked for a scan to OCR too.
 */
export const scanTextThreshold = 200;

/**
 * Below this mean confidence OCR's text is not indexed and the page is listed as unreadable. Measured
 * with the shipped English model (LSTM, best_int): what Tesseract reads in speckle noise or a regular
 * pattern of blotches, and in a page scanned at 75 dpi through heavy noise, is gibberish at mean
 * confidences of 13 to 38; the same page legible but degraded (100 dpi with noise, 75 dpi) scores 79
 * to 83, and clean at 300 dpi over 85. Gibberish would otherwise turn up as passages in answers; the
 * reader is better told that the page needs a better scan.
 */
export const minOcrConfidence = 50;

/** Why a scanned page stayed unreadable. */
export type UnreadableScan = { reason: 'no-text' } | { reason: 'low-confidence'; ocrConfidence: number };

/** A page's text as `recognizeScannedPage` found it. */
export interface ScannedPageText {
  text: string;
  /** Tesseract's mean confidence, 0-100, when the text includes what OCR read. */
  ocrConfidence?: number;
  /** Set when the page draws a scan that OCR could not read: nothing found, or too unsure to keep. */
  unreadable?: UnreadableScan;
}

/**
 * A page's text when its text layer is empty or nearly so: the text layer, followed by what OCR finds
 * on the page's scan, with Tesseract's mean confidence; the text layer alone when the page draws no
 * scan, or when OCR finds nothing on it or nothing it is sure enough of (`unreadable` says which).
 */
export async function recognizeScannedPage(
  pdfjs: typeof PdfjsModule,
  page: PdfjsModule.PDFPageProxy,
  recognizer: PageRecognizer,
  textLayer: string,
): Promise<ScannedPageText> {
  const image = await readScanImage(pdfjs, page);
  if (!image) return { text: textLayer };
  const recognized = await recognizer.recognize(image);
  if (recognized.text === '') return { text: textLayer, unreadable: { reason: 'no-text' } };
  if (recognized.confidence < minOcrConfidence) {
    return { text: textLayer, unreadable: { reason: 'low-confidence', ocrConfidence: recognized.confidence } };
  }
  return { text: textLayer === '' ? recognized.text : `${textLayer}\n\n${recognized.text}`, ocrConfidence: recognized.confidence };
}

/** Smaller pictures are logos or figures on a page with no text, not a scan of it. */
const minScanSide = 300;

/** Decoded image data as pdf.js hands it over in Node (no ImageBitmap there). */
interface DecodedImage {
  width: number;
  height: number;
  kind: number;
  data: Uint8Array | Uint8ClampedArray;
}

/**
 * The largest picture drawn on `page`, as an 8-bit grayscale PGM (which Tesseract reads without a
 * codec), or null when the page draws none big enough to be a scan. Image masks, inline images and
 * rotated placements are read as they are stored (Tesseract finds the text orientation itself only
 * for upright or upside-down pages).
 */
export async function readScanImage(pdfjs: typeof PdfjsModule, page: PdfjsModule.PDFPageProxy): Promise<Uint8Array | null> {
  const operators = await page.getOperatorList();
  let best: DecodedImage | null = null;
  for (let index = 0; index < operators.fnArray.length; index++) {
    if (operators.fnArray[index] !== pdfjs.OPS.paintImageXObject) continue;
    const args: unknown = operators.argsArray[index];
    const objectId = Array.isArray(args) ? (args[0] as unknown) : undefined;
    if (typeof objectId !== 'string') continue;
    const image = await decodedImage(page, objectId);
    if (image && image.width * image.height > (best ? best.width * best.height : 0)) best = image;
  }
  if (!best || best.width < minScanSide || best.height < minScanSide) return null;
  return toPortableGraymap(pdfjs, best);
}

async function decodedImage(page: PdfjsModule.PDFPageProxy, objectId: string): Promise<DecodedImage | null> {
  // Images shared between pages (or large) live in the document's objects, the rest in the page's.
  const objects = objectId.startsWith('g_') ? page.commonObjs : page.objs;
  const value: unknown = await new Promise((resolve) => {
    objects.get(objectId, resolve);
  });
  if (typeof value !== 'object' || value === null) return null;
  const { width, height, kind, data } = value as Partial<DecodedImage>;
  if (typeof width !== 'number' || typeof height !== 'number' || typeof kind !== 'number' || !(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) {
    return null;
  }
  return { width, height, kind, data };
}

/**
 * Most pixels handed to Tesseract: a letter or A4 page at about 400 dpi. A larger scan (600 dpi, or
 * colour posters) is shrunk by a whole factor first, which costs OCR nothing on text and keeps
 * Tesseract's memory well inside the reader's limit.
 */
const maxScanPixels = 16_000_000;

/** A binary PGM ("P5"): a text header, then one byte per pixel, 0 black, 255 white. */
function toPortableGraymap(pdfjs: typeof PdfjsModule, image: DecodedImage): Uint8Array | null {
  const gray = toGrayscale(pdfjs, image);
  if (!gray) return null;
  const factor = Math.ceil(Math.sqrt((image.width * image.height) / maxScanPixels));
  const { pixels, width, height } = factor > 1 ? shrink(gray, image.width, image.height, factor) : { pixels: gray, width: image.width, height: image.height };
  const header = Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1');
  const output = new Uint8Array(header.length + pixels.length);
  output.set(header, 0);
  output.set(pixels, header.length);
  return output;
}

/** Each `factor` x `factor` block of pixels averaged into one. */
function shrink(gray: Uint8Array, width: number, height: number, factor: number): { pixels: Uint8Array; width: number; height: number } {
  const smallWidth = Math.floor(width / factor);
  const smallHeight = Math.floor(height / factor);
  const pixels = new Uint8Array(smallWidth * smallHeight);
  for (let y = 0; y < smallHeight; y++) {
    for (let x = 0; x < smallWidth; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * width + x * factor;
        for (let dx = 0; dx < factor; dx++) sum += gray[row + dx] ?? 255;
      }
      pixels[y * smallWidth + x] = sum / (factor * factor);
    }
  }
  return { pixels, width: smallWidth, height: smallHeight };
}

/** One byte a pixel, 0 black, 255 white; null for a pixel layout pdf.js does not produce for images. */
function toGrayscale(pdfjs: typeof PdfjsModule, image: DecodedImage): Uint8Array | null {
  const { width, height, data } = image;
  const output = new Uint8Array(width * height);
  let target = 0;
  switch (image.kind) {
    case pdfjs.ImageKind.GRAYSCALE_1BPP: {
      // One bit a pixel, rows padded to whole bytes; a set bit is white.
      const rowBytes = (width + 7) >> 3;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const byte = data[y * rowBytes + (x >> 3)] ?? 0xff;
          output[target++] = byte & (0x80 >> (x & 7)) ? 255 : 0;
        }
      }
      return output;
    }
    case pdfjs.ImageKind.RGB_24BPP:
    case pdfjs.ImageKind.RGBA_32BPP: {
      const step = image.kind === pdfjs.ImageKind.RGB_24BPP ? 3 : 4;
      for (let source = 0; target < output.length; source += step) {
        const red = data[source] ?? 255;
        const green = data[source + 1] ?? 255;
        const blue = data[source + 2] ?? 255;
        output[target++] = (red * 299 + green * 587 + blue * 114) / 1000;
      }
      return output;
    }
    default:
      return null;
  }
}
