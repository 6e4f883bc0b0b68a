import { EnclaveError } from '../../errors.js';
import { displayName, throwIfAborted } from './documentErrors.js';
import { type DocumentFile } from './fileSource.js';

/** Bytes read from disk at a time for text formats. */
const readSize = 64 * 1024;
/** How much of the start of a text file is checked for binary content. */
const binaryProbeLength = 8192;

/**
 * The text of a UTF-8 file, in pieces of arbitrary length, with line endings normalised to "\n" and
 * a byte-order mark removed. Reads 64 KB at a time; decoding is strict: invalid UTF-8 is an error
 * that gives the byte offset, never replacement characters in the index.
 */
export async function* decodeTextFile(file: DocumentFile, signal: AbortSignal | undefined): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let position = 0;
  let pendingCarriageReturn = false;
  while (position < file.size) {
    throwIfAborted(file.path, signal);
    const bytes = await file.read(position, readSize);
    if (bytes.length === 0) break;
    if (position === 0) assertTextLike(file.path, bytes.subarray(0, binaryProbeLength));
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch (error) {
      throw await invalidUtf8Error(file, error);
    }
    position += bytes.length;
    if (pendingCarriageReturn) text = `\r${text}`;
    // A "\r" at the end of a piece may be the first half of a "\r\n" split across reads.
    pendingCarriageReturn = text.endsWith('\r');
    if (pendingCarriageReturn) text = text.slice(0, -1);
    if (text.length > 0) yield normaliseLineEndings(text);
    await file.assertStillPresent();
  }
  try {
    const rest = decoder.decode();
    const tail = (pendingCarriageReturn ? '\r' : '') + rest;
    if (tail.length > 0) yield normaliseLineEndings(tail);
  } catch (error) {
    throw await invalidUtf8Error(file, error);
  }
}

function normaliseLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function assertTextLike(filePath: string, probe: Uint8Array): void {
  const name = displayName(filePath);
  if ((probe[0] === 0xff && probe[1] === 0xfe) || (probe[0] === 0xfe && probe[1] === 0xff)) {
    throw new EnclaveError(
      'document-invalid-utf8',
      `${name} is saved as UTF-16 text; Enclave reads UTF-8. Save it again with UTF-8 encoding and import that.`,
    );
  }
  let controlBytes = 0;
  for (const byte of probe) {
    if (byte === 0) throw binaryError(name);
    // Tab, line feed, form feed and carriage return are ordinary in text; other control bytes are not.
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) controlBytes++;
  }
  if (controlBytes > probe.length * 0.1) throw binaryError(name);
}

function binaryError(name: string): EnclaveError {
  return new EnclaveError(
    'document-binary',
    `${name} contains binary data, not text, even though its name says it is text. Check that you picked the right file, or give it the right extension.`,
  );
}

async function invalidUtf8Error(file: DocumentFile, cause: unknown): Promise<unknown> {
  if (!(cause instanceof TypeError)) return cause;
  const offset = await findInvalidUtf8Offset(file);
  const where = offset === null ? '' : ` at byte ${offset}`;
  return new EnclaveError(
    'document-invalid-utf8',
    `${displayName(file.path)} is not valid UTF-8 text${where}. Open it in a text editor, save it with UTF-8 encoding, and import it again.`,
    { cause },
  );
}

/** Re-reads the file to find where its UTF-8 first goes wrong: only on the error path. */
async function findInvalidUtf8Offset(file: DocumentFile): Promise<number | null> {
  const validator = new Utf8Validator();
  for (let position = 0; position < file.size; position += readSize) {
    const bytes = await file.read(position, readSize);
    const offset = validator.feed(bytes, position);
    if (offset !== null) return offset;
    if (bytes.length < readSize) break;
  }
  return validator.end();
}

/** The WHATWG UTF-8 decoder's validity rules, as a streaming check that reports the first bad byte. */
export class Utf8Validator {
  private needed = 0;
  private lower = 0x80;
  private upper = 0xbf;
  private sequenceStart = 0;

  /** Checks `bytes`, which start at `base` in the stream; returns the offset of the first invalid sequence, or null. */
  feed(bytes: Uint8Array, base: number): number | null {
    for (let index = 0; index < bytes.length; index++) {
      const byte = bytes[index] ?? 0;
      const offset = base + index;
      if (this.needed === 0) {
        this.sequenceStart = offset;
        if (byte <= 0x7f) continue;
        if (byte >= 0xc2 && byte <= 0xdf) this.needed = 1;
        else if (byte >= 0xe0 && byte <= 0xef) {
          this.needed = 2;
          if (byte === 0xe0) this.lower = 0xa0;
          if (byte === 0xed) this.upper = 0x9f;
        } else if (byte >= 0xf0 && byte <= 0xf4) {
          this.needed = 3;
          if (byte === 0xf0) this.lower = 0x90;
          if (byte === 0xf4) this.upper = 0x8f;
        } else return offset;
        continue;
      }
      if (byte < this.lower || byte > this.upper) return this.sequenceStart;
      this.lower = 0x80;
      this.upper = 0xbf;
      this.needed--;
    }
    return null;
  }

  /** At the end of the stream: the offset of an unfinished sequence, or null. */
  end(): number | null {
    return this.needed > 0 ? this.sequenceStart : null;
  }
}
