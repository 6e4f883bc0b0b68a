import { extname } from 'node:path';
import { EnclaveError } from '../../errors.js';
import { displayName, emptyError } from './documentErrors.js';
import { type DocumentFormat } from './types.js';

const formatsByExtension: Record<string, DocumentFormat> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.txt': 'txt',
  '.text': 'txt',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.csv': 'csv',
  '.png': 'image',
  '.jpg': 'image',
  '.jpeg': 'image',
  '.tif': 'image',
  '.tiff': 'image',
};

/** Formats people often try that Enclave cannot read, with what to do instead. */
const advice: Record<string, string> = {
  '.doc': 'Open it in Word and save it as .docx',
  '.rtf': 'Save it as .docx or .txt',
  '.odt': 'Save it as .docx',
  '.pages': 'Export it as .docx or PDF',
  '.xlsx': 'Save the sheet as .csv',
  '.xls': 'Save the sheet as .csv',
};

/** How many leading bytes `detectDocumentFormat` looks at; read this many (or the whole file if smaller). */
export const sniffLength = 8192;

/**
 * The format of a document, by its extension, confirmed by its first bytes where the format has a
 * signature (`%PDF` for PDF, a zip header for DOCX). `firstBytes` is the start of the file (up to
 * `sniffLength` bytes); zero bytes means the file is empty.
 */
export function detectDocumentFormat(filePath: string, firstBytes: Uint8Array): DocumentFormat {
  const extension = extname(filePath).toLowerCase();
  const format = formatsByExtension[extension];
  const name = displayName(filePath);
  if (format === undefined) {
    const next = advice[extension] ?? 'Enclave reads PDF, DOCX, TXT, Markdown, HTML and CSV files, and PNG, JPEG and TIFF scans';
    throw new EnclaveError('document-unsupported', `${name} is not a format Enclave can read. ${next}, then import it.`);
  }
  if (firstBytes.length === 0) throw emptyError(filePath);
  const actual = sniffSignature(firstBytes);
  if (format === 'pdf' && actual !== 'pdf' && !hasPdfHeaderNearStart(firstBytes)) throw mismatchError(name, 'PDF', actual);
  if (format === 'docx' && actual !== 'zip') throw mismatchError(name, 'Word (.docx)', actual);
  if (format === 'image') {
    if (!isImageSignature(firstBytes)) throw mismatchError(name, 'PNG, JPEG or TIFF image', actual);
    return format;
  }
  if (format !== 'pdf' && format !== 'docx' && actual !== null) {
    // A PDF or zip named .txt would otherwise be rejected later as "binary" with a vaguer message.
    throw mismatchError(name, 'text', actual);
  }
  return format;
}

type Signature = 'pdf' | 'zip' | null;

function isImageSignature(bytes: Uint8Array): boolean {
  const start = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4)).toString('latin1');
  return start === '\x89PNG' || start.startsWith('\xff\xd8\xff') || start === 'II*\0' || start === 'MM\0*';
}

function hasPdfHeaderNearStart(bytes: Uint8Array): boolean {
  // PDF readers accept some junk before the header; so does pdf.js (it searches the first 1024 bytes).
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1').includes('%PDF-');
}

function sniffSignature(bytes: Uint8Array): Signature {
  if (Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 5)).toString('latin1') === '%PDF-') return 'pdf';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06)) {
    return 'zip';
  }
  return null;
}

function mismatchError(name: string, expected: string, actual: Signature): EnclaveError {
  const found =
    actual === 'pdf' ? 'it is really a PDF: rename it to end in .pdf'
    : actual === 'zip' ? 'it is really a zip archive (perhaps another Office format): save it as .docx, or unpack it'
    : `it is not a ${expected} file at all: check that you picked the right file`;
  return new EnclaveError('document-format-mismatch', `${name} is named like a ${expected} file, but ${found}.`);
}
