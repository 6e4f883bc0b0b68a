import { createInflateRaw } from 'node:zlib';
import { corruptError } from './documentErrors.js';
import { type DocumentFile } from './fileSource.js';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate; others are not in Word files. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const endOfDirectorySignature = 0x06054b50;
const zip64LocatorSignature = 0x07064b50;
const zip64EndSignature = 0x06064b50;
const directoryEntrySignature = 0x02014b50;
const localHeaderSignature = 0x04034b50;
const inflateReadSize = 64 * 1024;
/** The end record is 22 bytes plus a comment of up to 65,535. */
const maxEndSearch = 22 + 0xffff;
/** A central directory bigger than this is not a Word document anyone wrote. */
const maxDirectoryBytes = 32 * 1024 * 1024;

/**
 * The entries a zip file's central directory declares, read without inflating anything: what a
 * zip-bomb check needs before a library decompresses the archive.
 */
export async function readZipDirectory(file: DocumentFile): Promise<ZipEntry[]> {
  const notZip = (what: string): Error => corruptError(file.path, `it is not a valid Word file (${what})`);
  const tailLength = Math.min(file.size, maxEndSearch);
  const tail = Buffer.from(await file.read(file.size - tailLength, tailLength));
  let end = -1;
  for (let index = tail.length - 22; index >= 0; index--) {
    if (tail.readUInt32LE(index) === endOfDirectorySignature) {
      end = index;
      break;
    }
  }
  if (end === -1) throw notZip('no zip directory found');
  let entryCount = tail.readUInt16LE(end + 10);
  let directorySize = tail.readUInt32LE(end + 12);
  let directoryOffset = tail.readUInt32LE(end + 16);
  const locator = end - 20;
  if (locator >= 0 && tail.readUInt32LE(locator) === zip64LocatorSignature) {
    const zip64End = Number(tail.readBigUInt64LE(locator + 8));
    const record = Buffer.from(await file.read(zip64End, 56));
    if (record.length < 56 || record.readUInt32LE(0) !== zip64EndSignature) throw notZip('broken zip64 directory');
    entryCount = Number(record.readBigUInt64LE(32));
    directorySize = Number(record.readBigUInt64LE(40));
    directoryOffset = Number(record.readBigUInt64LE(48));
  }
  if (directorySize > maxDirectoryBytes || directoryOffset + directorySize > file.size) {
    throw notZip('the zip directory is out of bounds');
  }
  const directory = Buffer.from(await file.read(directoryOffset, directorySize));
  const entries: ZipEntry[] = [];
  let position = 0;
  for (let index = 0; index < entryCount; index++) {
    if (position + 46 > directory.length || directory.readUInt32LE(position) !== directoryEntrySignature) {
      throw notZip('the zip directory is damaged');
    }
    const nameLength = directory.readUInt16LE(position + 28);
    const extraLength = directory.readUInt16LE(position + 30);
    const commentLength = directory.readUInt16LE(position + 32);
    const name = directory.toString('utf8', position + 46, position + 46 + nameLength);
    const method = directory.readUInt16LE(position + 10);
    const extra = directory.subarray(position + 46 + nameLength, position + 46 + nameLength + extraLength);
    const sizes = applyZip64Fields(
      extra,
      directory.readUInt32LE(position + 20),
      directory.readUInt32LE(position + 24),
      directory.readUInt32LE(position + 42),
    );
    entries.push({ name, method, ...sizes });
    position += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Values of 0xFFFFFFFF mean "see the zip64 extra field", which lists only those, in the order
 * uncompressed size, compressed size, local header offset.
 */
function applyZip64Fields(
  extra: Buffer,
  compressed: number,
  uncompressed: number,
  offset: number,
): { compressedSize: number; uncompressedSize: number; localHeaderOffset: number } {
  let position = 0;
  while (position + 4 <= extra.length) {
    const id = extra.readUInt16LE(position);
    const size = extra.readUInt16LE(position + 2);
    if (id === 0x0001) {
      let field = position + 4;
      const next = (): number => {
        const value = field + 8 <= extra.length ? Number(extra.readBigUInt64LE(field)) : 0xffffffff;
        field += 8;
        return value;
      };
      if (uncompressed === 0xffffffff) uncompressed = next();
      if (compressed === 0xffffffff) compressed = next();
      if (offset === 0xffffffff) offset = next();
      break;
    }
    position += 4 + size;
  }
  return { compressedSize: compressed, uncompressedSize: uncompressed, localHeaderOffset: offset };
}

/**
 * Inflates one entry, or returns null as soon as it passes `limit` bytes: a directory can lie about
 * sizes, and the library that unpacks next would trust the data, not the directory. Only what is
 * returned is ever held, never more than `limit` (plus one 64 KB step).
 */
export async function inflateEntry(file: DocumentFile, entry: ZipEntry, limit: number): Promise<Buffer | null> {
  const header = Buffer.from(await file.read(entry.localHeaderOffset, 30));
  if (header.length < 30 || header.readUInt32LE(0) !== localHeaderSignature) {
    throw corruptError(file.path, `it is not a valid Word file (the zip entry ${entry.name} is damaged)`);
  }
  const dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (entry.method === 0) {
    if (entry.compressedSize > limit) return null;
    return Buffer.from(await file.read(dataStart, entry.compressedSize));
  }
  if (entry.method !== 8) throw corruptError(file.path, `it is not a valid Word file (unknown compression in ${entry.name})`);
  const inflater = createInflateRaw();
  const chunks: Buffer[] = [];
  let produced = 0;
  let failure: unknown = null;
  inflater.on('data', (chunk: Buffer) => {
    produced += chunk.length;
    if (produced > limit) inflater.destroy();
    else chunks.push(chunk);
  });
  const done = new Promise<void>((resolve) => {
    inflater.on('end', resolve);
    inflater.on('close', resolve);
    inflater.on('error', (error) => {
      failure = error;
      resolve();
    });
  });
  for (let read = 0; read < entry.compressedSize && !inflater.destroyed; read += inflateReadSize) {
    const bytes = await file.read(dataStart + read, Math.min(inflateReadSize, entry.compressedSize - read));
    if (bytes.length === 0) break;
    if (!inflater.write(bytes)) {
      // A destroyed inflater (past the limit) never drains: its close ends the wait too.
      await new Promise((resolve) => {
        inflater.once('drain', resolve);
        inflater.once('close', resolve);
      });
    }
  }
  if (!inflater.destroyed) inflater.end();
  await done;
  if (produced > limit) return null;
  if (failure !== null) throw corruptError(file.path, `it is not a valid Word file (the part ${entry.name} cannot be unpacked)`, failure);
  return Buffer.concat(chunks, produced);
}
