import { EnclaveError } from '../../errors.js';
import { corruptError, displayName } from './documentErrors.js';
import { type DocumentFile } from './fileSource.js';
import { extractHtml } from './html.js';
import { type RawSection } from './types.js';
import { inflatesWithin, readZipDirectory, type ZipEntry } from './zipDirectory.js';

/** Most text a Word file may unpack to (images excluded: they are never unpacked). */
export const maxDocxUncompressedBytes = 200 * 1024 * 1024;
/** Word XML compresses about 5-20:1; zeros (a zip bomb) compress about 1000:1. */
export const maxDocxCompressionRatio = 100;
/** Below this an entry's ratio says nothing: tiny XML parts compress very well. */
const ratioFloorBytes = 1024 * 1024;
const maxDocxEntries = 10_000;

/**
 * A Word document's text, in sections that follow its headings. The zip directory is checked for a
 * zip bomb before mammoth unpacks anything; mammoth then turns the document into HTML (images are not
 * read, external files are not fetched), and the HTML reader makes the sections.
 */
export async function* extractDocx(file: DocumentFile): AsyncGenerator<RawSection> {
  const entries = await readZipDirectory(file);
  assertNotZipBomb(file.path, entries);
  await assertSizesAreTrue(file, entries);
  if (!entries.some((entry) => entry.name === 'word/document.xml')) {
    throw corruptError(file.path, 'it is a zip archive but not a Word document (there is no word/document.xml)');
  }
  const buffer = Buffer.from(await file.read(0, file.size));
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
  yield* extractHtml(single(html));
}

async function* single(text: string): AsyncGenerator<string> {
  yield text;
}

function isUnreadMedia(entry: ZipEntry): boolean {
  return entry.name.startsWith('word/media/') || entry.name.startsWith('word/embeddings/');
}

/**
 * The directory's sizes passed the check; now make sure the data agrees, by inflating each part that
 * mammoth may read into a byte counter (Word parts are small: this costs milliseconds).
 */
async function assertSizesAreTrue(file: DocumentFile, entries: ZipEntry[]): Promise<void> {
  for (const entry of entries) {
    if (isUnreadMedia(entry) || entry.name.endsWith('/')) continue;
    if (!(await inflatesWithin(file, entry, entry.uncompressedSize))) {
      throw new EnclaveError(
        'document-zip-bomb',
        `${displayName(file.path)} is not a normal Word file: its part ${entry.name} unpacks to more than the file says (a "zip bomb"), so Enclave will not open it.`,
      );
    }
  }
}

function assertNotZipBomb(filePath: string, entries: ZipEntry[]): void {
  const read = entries.filter((entry) => !isUnreadMedia(entry));
  const total = read.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  const compressed = read.reduce((sum, entry) => sum + entry.compressedSize, 0);
  const tooRatioed = (uncompressed: number, packed: number): boolean =>
    uncompressed > ratioFloorBytes && uncompressed > Math.max(packed, 1) * maxDocxCompressionRatio;
  const bomb =
    entries.length > maxDocxEntries ||
    total > maxDocxUncompressedBytes ||
    tooRatioed(total, compressed) ||
    read.some((entry) => tooRatioed(entry.uncompressedSize, entry.compressedSize));
  if (!bomb) return;
  const megabytes = Math.round(total / (1024 * 1024));
  throw new EnclaveError(
    'document-zip-bomb',
    `${displayName(filePath)} is not a normal Word file: it would unpack to ${megabytes} MB from ${Math.max(1, Math.round(compressed / 1024))} KB (a "zip bomb"), so Enclave will not open it. If you trust it, open it in Word, save a new copy, and import that.`,
  );
}
