import { EnclaveError } from '../../errors.js';
import { corruptError, displayName } from './documentErrors.js';
import { type DocumentFile } from './fileSource.js';
import { decodeHtmlEntities } from './htmlEntities.js';
import { inflateEntry, type ZipEntry } from './zipDirectory.js';

/** Most text a Word file may unpack to (images excluded: they are never unpacked). */
export const maxDocxUncompressedBytes = 200 * 1024 * 1024;
/** Word XML compresses about 5-20:1; zeros (a zip bomb) compress about 1000:1. */
export const maxDocxCompressionRatio = 100;
/** Below this an entry's ratio says nothing: tiny XML parts compress very well. */
const ratioFloorBytes = 1024 * 1024;

const relationshipTypes = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
/** The parts mammoth reads besides the main document, found through the main document's relationships. */
const relatedParts = ['comments', 'endnotes', 'footnotes', 'numbering', 'styles'] as const;

/** Whether `uncompressed` bytes from `packed` is a ratio no Word part has. */
export function isTooRatioed(uncompressed: number, packed: number): boolean {
  return uncompressed > ratioFloorBytes && uncompressed > Math.max(packed, 1) * maxDocxCompressionRatio;
}

/**
 * The parts of a Word file that mammoth reads, found the way mammoth finds them (the main document
 * through `_rels/.rels`, its notes, comments, numbering and styles through the main document's
 * relationships, each part's own `.rels`, and `[Content_Types].xml`), each unpacked here under the
 * limits as it is resolved: its declared size and ratio, the total, and the data agreeing with the
 * declared size. A main document or related part outside `word/`, or among the images, is refused.
 * Mammoth is then given a package of exactly these parts, so nothing it reads escaped the checks.
 */
export async function readDocxParts(file: DocumentFile, entries: readonly ZipEntry[]): Promise<Map<string, Buffer>> {
  const byName = new Map<string, ZipEntry[]>();
  for (const entry of entries) byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry]);
  const exists = (name: string) => byName.has(name);
  const parts = new Map<string, Buffer>();
  let budget = maxDocxUncompressedBytes;

  const read = async (name: string): Promise<Buffer | null> => {
    const known = parts.get(name);
    if (known) return known;
    const found = byName.get(name);
    if (!found) return null;
    const [entry] = found;
    if (!entry || found.length > 1) throw corruptError(file.path, `it is not a valid Word file (it has ${found.length} parts named ${name})`);
    if (isTooRatioed(entry.uncompressedSize, entry.compressedSize) || entry.uncompressedSize > budget) {
      throw zipBombError(file.path, entry);
    }
    const data = await inflateEntry(file, entry, entry.uncompressedSize);
    if (data === null) {
      throw new EnclaveError(
        'document-zip-bomb',
        `${displayName(file.path)} is not a normal Word file: its part ${name} unpacks to more than the file says (a "zip bomb"), so Enclave will not open it.`,
      );
    }
    budget -= data.length;
    parts.set(name, data);
    return data;
  };

  await read('[Content_Types].xml');
  const packageRelationships = await read('_rels/.rels');
  const mainDocument = findPartPath(
    packageRelationships,
    `${relationshipTypes}officeDocument`,
    '',
    'word/document.xml',
    exists,
  );
  assertDocumentPart(file.path, mainDocument);
  if (!exists(mainDocument)) {
    throw corruptError(file.path, `it is a zip archive but not a Word document (there is no ${mainDocument})`);
  }
  await read(mainDocument);
  const mainRelationships = await read(relationshipsPath(mainDocument));
  for (const name of relatedParts) {
    const partPath = findPartPath(mainRelationships, relationshipTypes + name, directoryOf(mainDocument), `word/${name}.xml`, exists);
    if (!exists(partPath)) continue;
    assertDocumentPart(file.path, partPath);
    await read(partPath);
    await read(relationshipsPath(partPath));
  }
  return parts;
}

/** As mammoth's `findPartPath`: the first target of `type` that exists, else the fallback. */
function findPartPath(
  relationships: Buffer | null,
  type: string,
  basePath: string,
  fallbackPath: string,
  exists: (name: string) => boolean,
): string {
  const targets = relationships ? relationshipTargets(relationships.toString('utf8'), type) : [];
  const candidates = targets.map((target) => joinPath(basePath, target).replace(/^\//, ''));
  return candidates.find(exists) ?? fallbackPath;
}

/** The `Target`s of a relationships part's `Relationship` elements of one `Type`. */
export function relationshipTargets(xml: string, type: string): string[] {
  const targets: string[] = [];
  const withoutComments = xml.replace(/<!--[\s\S]*?-->/g, '');
  for (const element of withoutComments.matchAll(/<(?:[A-Za-z_][\w.-]*:)?Relationship\b([^>]*)>/g)) {
    const attributes = new Map<string, string>();
    for (const attribute of (element[1] ?? '').matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      attributes.set(attribute[1] ?? '', decodeHtmlEntities(attribute[2] ?? attribute[3] ?? ''));
    }
    const target = attributes.get('Target');
    if (attributes.get('Type') === type && target !== undefined) targets.push(target);
  }
  return targets;
}

/** As mammoth's `zipfile.joinPath`: an absolute target replaces the base, a relative one is appended. */
function joinPath(basePath: string, target: string): string {
  if (target.startsWith('/') || basePath === '') return target;
  return `${basePath}/${target}`;
}

function directoryOf(partPath: string): string {
  const slash = partPath.lastIndexOf('/');
  return slash === -1 ? '' : partPath.slice(0, slash);
}

/** `word/document.xml` -> `word/_rels/document.xml.rels`, where a part's relationships live. */
function relationshipsPath(partPath: string): string {
  const directory = directoryOf(partPath);
  const base = partPath.slice(directory === '' ? 0 : directory.length + 1);
  return directory === '' ? `_rels/${base}.rels` : `${directory}/_rels/${base}.rels`;
}

/** A part mammoth reads text from must be one of the document's own parts: under word/, not an image or embedding. */
function assertDocumentPart(filePath: string, partPath: string): void {
  const segments = partPath.split('/');
  const inside =
    segments[0] === 'word' &&
    segments.length > 1 &&
    segments[1] !== 'media' &&
    segments[1] !== 'embeddings' &&
    segments.every((segment) => segment !== '' && segment !== '.' && segment !== '..') &&
    !partPath.includes('\\');
  if (inside) return;
  throw new EnclaveError(
    'document-corrupt',
    `${displayName(filePath)} is not a normal Word file: it says its text is in ${partPath}, which is not one of a Word document's own text parts, so Enclave will not open it. If you trust it, open it in Word, save a new copy, and import that.`,
  );
}

function zipBombError(filePath: string, entry: ZipEntry): EnclaveError {
  const megabytes = Math.round(entry.uncompressedSize / (1024 * 1024));
  const kilobytes = Math.max(1, Math.round(entry.compressedSize / 1024));
  return new EnclaveError(
    'document-zip-bomb',
    `${displayName(filePath)} is not a normal Word file: its part ${entry.name} would unpack to ${megabytes} MB from ${kilobytes} KB (a "zip bomb"), so Enclave will not open it. If you trust it, open it in Word, save a new copy, and import that.`,
  );
}
