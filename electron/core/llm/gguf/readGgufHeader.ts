/**
 * Reads and validates the header of a GGUF model file (metadata and tensor infos, never tensor data)
 * before the file goes anywhere near the native loader, whose own errors for damaged files are a generic
 * "Failed to load model" or a crash. Every problem becomes an `EnclaveError` with a code a user can act on
 * and a sentence naming the file and what is wrong with it.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { EnclaveError } from '../../errors.js';
import { BoundedFileReader } from './boundedFileReader.js';
import { corruptModel } from './ggufErrors.js';
import { ggufLimits, readMetadataSection, type GgufMetadataValue, type GgufValueTypeName } from './ggufMetadata.js';
import { checkTensorExtents, readTensorInfos, type GgufTensorInfo } from './ggufTensors.js';

export type { GgufArray, GgufMetadataValue, GgufScalar, GgufValueTypeName } from './ggufMetadata.js';
export type { GgufTensorInfo } from './ggufTensors.js';

export interface GgufHeader {
  /** GGUF format version: 2 or 3. */
  version: number;
  /** File size in bytes when the header was read. */
  fileSize: number;
  /** `general.alignment`: tensor data offsets are multiples of it. */
  alignment: number;
  /** Absolute offset of the tensor data section. */
  dataOffset: number;
  metadata: ReadonlyMap<string, GgufMetadataValue>;
  /**
   * The type each metadata value is stored as. llama.cpp aborts the whole process when a key it reads has
   * another type than it expects (e.g. `adapter.lora.alpha` not float32), so checks need the stored type.
   */
  metadataTypes: ReadonlyMap<string, GgufValueTypeName>;
  tensors: readonly GgufTensorInfo[];
}

export interface ReadGgufHeaderOptions {
  /** Arrays with more items than this (tokenizer vocabularies) are checked but not kept; default 1024. */
  keepArrayItems?: number;
}

const magic = 'GGUF';

/**
 * Reads the header of the GGUF file at `filePath`, checking every count, length, type and tensor extent
 * against the file size. Throws `EnclaveError` with `model-file-missing`, `model-empty`, `model-not-gguf`,
 * `model-unsupported-version`, `model-truncated`, `model-corrupt` or `io-error`.
 */
export async function readGgufHeader(filePath: string, options: ReadGgufHeaderOptions = {}): Promise<GgufHeader> {
  const fileName = basename(filePath);
  let handle: FileHandle;
  try {
    handle = await open(filePath, 'r');
  } catch (error) {
    throw fileSystemError(error, fileName);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw new EnclaveError('model-not-gguf', `${fileName} is a folder, not a GGUF model file. Choose the .gguf file.`);
    }
    if (stats.size === 0) {
      throw new EnclaveError(
        'model-empty',
        `${fileName} is empty (0 bytes). The download or copy probably failed; get the model file again.`,
      );
    }
    const reader = new BoundedFileReader(handle, stats.size, fileName);
    return await parseHeader(reader, options.keepArrayItems ?? 1024);
  } catch (error) {
    if (error instanceof EnclaveError) throw error;
    if (isSystemError(error)) throw fileSystemError(error, fileName);
    throw error;
  } finally {
    await handle.close();
  }
}

async function parseHeader(reader: BoundedFileReader, keepArrayItems: number): Promise<GgufHeader> {
  await checkMagic(reader);
  const version = await reader.uint32('the format version');
  checkVersion(reader.fileName, version);
  const tensorCount = await readCount(reader, 'tensors', ggufLimits.tensorCount, 25);
  const keyValueCount = await readCount(reader, 'metadata entries', ggufLimits.keyValueCount, 14);
  const { metadata, types, alignment } = await readMetadataSection(reader, keyValueCount, keepArrayItems);
  const rawTensors = await readTensorInfos(reader, tensorCount);
  const dataOffset = Math.ceil(reader.position / alignment) * alignment;
  const tensors = checkTensorExtents(reader.fileName, reader.fileSize, dataOffset, alignment, rawTensors);
  return { version, fileSize: reader.fileSize, alignment, dataOffset, metadata, metadataTypes: types, tensors };
}

async function checkMagic(reader: BoundedFileReader): Promise<void> {
  const length = Math.min(magic.length, reader.fileSize);
  const bytes: number[] = [];
  for (let index = 0; index < length; index++) bytes.push(await reader.uint8('the file signature'));
  const start = String.fromCharCode(...bytes);
  if (start === magic) return;
  if (magic.startsWith(start)) reader.require(magic.length - length, 'the file signature');
  throw new EnclaveError(
    'model-not-gguf',
    `${reader.fileName} is not a GGUF model file (it starts with '${printable(bytes)}', not 'GGUF').${formatHint(bytes)}`,
  );
}

function checkVersion(fileName: string, version: number): void {
  if (version === 2 || version === 3) return;
  let detail: string;
  if (version === 1) {
    detail = 'uses GGUF version 1, which llama.cpp no longer reads. Download a recent conversion of the model';
  } else if (version !== 0 && (version & 0xffff) === 0) {
    detail = 'looks like a big-endian GGUF file; Enclave needs the usual little-endian kind';
  } else if (version > 255) {
    // No GGUF version is anywhere near this: the bytes after the magic are damage, not a version.
    throw new EnclaveError(
      'model-corrupt',
      `${fileName} is damaged: its header is not a readable GGUF header. Copy or download the file again.`,
    );
  } else {
    detail = `uses GGUF version ${version}; Enclave reads versions 2 and 3. Download a version 3 conversion of the model`;
  }
  throw new EnclaveError('model-unsupported-version', `${fileName} ${detail}.`);
}

/** Reads a u64 count whose items take at least `minimumBytes` each. */
async function readCount(reader: BoundedFileReader, what: string, limit: number, minimumBytes: number): Promise<number> {
  const count = await reader.uint64(`the number of ${what}`);
  if (count > BigInt(limit)) throw corruptModel(reader.fileName, `its header claims ${count} ${what}`);
  reader.require(count * BigInt(minimumBytes), `the ${count} ${what} the header announces`);
  return Number(count);
}

function printable(bytes: readonly number[]): string {
  const visible = (byte: number): boolean => byte >= 0x20 && byte < 0x7f && byte !== 0x27;
  return bytes
    .map((byte) => (visible(byte) ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`))
    .join('');
}

/** A hint for the files people most often pick by mistake. */
function formatHint(bytes: readonly number[]): string {
  const start = String.fromCharCode(...bytes);
  if (start.startsWith('PK')) return ' It is a ZIP archive: unpack it and choose the .gguf file inside.';
  if (start.startsWith('<')) return ' It looks like a web page, probably an error page saved instead of the model.';
  if (start.startsWith('{') || start.startsWith('[')) return ' It looks like a JSON file, not model weights.';
  return ' Choose a model file in GGUF format (the name usually ends in .gguf).';
}

interface SystemError {
  code: string;
}

function isSystemError(error: unknown): error is SystemError & Error {
  return error instanceof Error && typeof (error as Partial<SystemError>).code === 'string';
}

function fileSystemError(error: unknown, fileName: string): EnclaveError {
  const code = isSystemError(error) ? error.code : undefined;
  if (code === 'ENOENT') {
    return new EnclaveError('model-file-missing', `${fileName} was not found. It may have been moved or deleted.`, {
      cause: error,
    });
  }
  if (code === 'EISDIR') {
    return new EnclaveError('model-not-gguf', `${fileName} is a folder, not a GGUF model file. Choose the .gguf file.`);
  }
  const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? String(error));
  return new EnclaveError('io-error', `Enclave could not read ${fileName} (${reason}).`, { cause: error });
}
