import { EnclaveError } from '../../errors.js';
import { corruptError, displayName } from './documentErrors.js';
import { isTooRatioed, maxDocxUncompressedBytes, readDocxParts } from './docxParts.js';
import { type DocumentFile } from './fileSource.js';
import { extractHtml } from './html.js';
import { type RawSection } from './types.js';
import { readZipDirectory, type ZipEntry } from './zipDirectory.js';
import { writeStoredZip } from './zipWriter.js';

export { maxDocxCompressionRatio, maxDocxUncompressedBytes } from './docxParts.js';

const maxDocxEntries = 10_000;

/**
 * A Word document's text, in sections that follow its headings. The zip directory is checked for a
 * zip bomb before anything is unpacked; then the parts mammoth reads are resolved and unpacked here
 * under the same limits (docxParts.ts), and mammoth gets a package of only those parts. It turns the
 * document into HTML (images are not read, external files are not fetched), and the HTML reader makes
 * the sections.
 */
export async function* extractDocx(file: DocumentFile): AsyncGenerator<RawSection> {
  yield* extractHtml(convertToHtml(file));
}

/** The document as HTML, the one piece the streaming HTML reader is given. */
async function* convertToHtml(file: DocumentFile): AsyncGenerator<string> {
  const entries = await readZipDirectory(file);
  assertNotZipBomb(file.path, entries);
  const buffer = writeStoredZip(await readDocxParts(file, entries));
  const { default: mammoth } = await import('mammoth');
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer },
      {
        externalFileAccess: false,
        convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })),
      },
    );
    html = result.value;
  } catch (error) {
    throw corruptError(file.path, 'Word could not have written it this way', error);
  }
  yield html;
}

function isUnreadMedia(entry: ZipEntry): boolean {
  return entry.name.startsWith('word/media/') || entry.name.startsWith('word/embeddings/');
}

/** The directory as a whole, by its declared sizes: refused at once, before anything is inflated. */
function assertNotZipBomb(filePath: string, entries: ZipEntry[]): void {
  const read = entries.filter((entry) => !isUnreadMedia(entry));
  const total = read.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  const compressed = read.reduce((sum, entry) => sum + entry.compressedSize, 0);
  const bomb =
    entries.length > maxDocxEntries ||
    total > maxDocxUncompressedBytes ||
    isTooRatioed(total, compressed) ||
    read.some((entry) => isTooRatioed(entry.uncompressedSize, entry.compressedSize));
  if (!bomb) return;
  const megabytes = Math.round(total / (1024 * 1024));
  throw new EnclaveError(
    'document-zip-bomb',
    `${displayName(filePath)} is not a normal Word file: it would unpack to ${megabytes} MB from ${Math.max(1, Math.round(compressed / 1024))} KB (a "zip bomb"), so Enclave will not open it. If you trust it, open it in Word, save a new copy, and import that.`,
  );
}
