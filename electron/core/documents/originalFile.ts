import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { maxOriginalPdfBytes, type OriginalPdf } from '../../shared/documents.js';
import { EnclaveError } from '../errors.js';
import { hashFiles } from '../files/hashing.js';
import { getDocument, type StoredDocument } from './store/documents.js';

/*
 * The file a document was imported from, read again to show its pages or open it in the system's
 * viewer. No grant is asked for, and none is needed: the path is the one the user chose themselves
 * when they imported the file (through a dialog or a drop, both granted at the time) and Enclave kept
 * it with the document. A request names the document by its id only, never a path, so a window can
 * reach no file but one the user already gave Enclave. And the file is used only while it is still
 * that file: its SHA-256 must be the one stored at import, so a file replaced at the same path since
 * is never read into the window or opened as if it were the source.
 */

/** What the viewer does instead of showing the pages; what the system viewer is not asked to do. */
const showingStoredText = '; showing the text Enclave stored';
const notOpened = ', so Enclave did not open it: it opens only the file it read';

/** Why the file is not used: it is gone, or not what was indexed (the path says where it was looked for). */
function changedSinceIndexed(document: StoredDocument, instead: string, cause?: unknown): EnclaveError {
  return new EnclaveError(
    'document-changed',
    `The file has moved or changed since it was indexed${instead}. (${document.fileName} was read from ${document.path}.)`,
    cause === undefined ? undefined : { cause },
  );
}

function notAPdf(document: StoredDocument): EnclaveError {
  return new EnclaveError('document-unsupported', `${document.fileName} is not a PDF: its pages cannot be shown, only the text Enclave stored.`);
}

/**
 * The bytes of a PDF document's file as it was indexed. Read whole, at most `maxOriginalPdfBytes`
 * (the read stops one byte past the cap, so a file growing after the size check cannot slip past
 * it), and hashed from the very bytes returned: what the window gets is what was checked.
 */
export async function readOriginalPdf(db: Database, documentId: string, maxBytes = maxOriginalPdfBytes): Promise<OriginalPdf> {
  const document = getDocument(db, documentId);
  if (document.format !== 'pdf') throw notAPdf(document);
  const bytes = await readAtMost(document, maxBytes);
  if (createHash('sha256').update(bytes).digest('hex') !== document.sha256) throw changedSinceIndexed(document, showingStoredText);
  return { documentId, fileName: document.fileName, bytes };
}

/**
 * The path of a document's file, after checking (streamed, any size) that it is still the file that
 * was indexed: for the system's viewer, which reads it itself.
 */
export async function verifiedOriginalPath(db: Database, documentId: string): Promise<string> {
  const document = getDocument(db, documentId);
  let sha256: string;
  try {
    sha256 = await hashFiles([document.path], () => undefined);
  } catch (error) {
    throw changedSinceIndexed(document, notOpened, error);
  }
  if (sha256 !== document.sha256) throw changedSinceIndexed(document, notOpened);
  return document.path;
}

async function readAtMost(document: StoredDocument, maxBytes: number): Promise<Uint8Array> {
  let file;
  try {
    file = await open(document.path, 'r');
  } catch (error) {
    throw changedSinceIndexed(document, showingStoredText, error);
  }
  try {
    const stats = await file.stat();
    if (!stats.isFile()) throw changedSinceIndexed(document, showingStoredText);
    if (stats.size > maxBytes) throw tooLarge(document, maxBytes);
    const buffer = new Uint8Array(Math.min(stats.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) {
        if (length > maxBytes) throw tooLarge(document, maxBytes);
        // It grew since the size check: a file being written to is not the file that was indexed.
        throw changedSinceIndexed(document, showingStoredText);
      }
    }
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof EnclaveError) throw error;
    throw changedSinceIndexed(document, showingStoredText, error);
  } finally {
    await file.close();
  }
}

function tooLarge(document: StoredDocument, maxBytes: number): EnclaveError {
  const mebibytes = maxBytes / (1024 * 1024);
  const limit = Number.isInteger(mebibytes) ? `${mebibytes.toLocaleString('en-US')} MiB` : `${maxBytes.toLocaleString('en-US')} bytes`;
  return new EnclaveError(
    'document-too-large',
    `${document.fileName} is larger than the ${limit} Enclave shows as pages; showing the text Enclave stored. Open it in the system viewer to see the pages.`,
  );
}
