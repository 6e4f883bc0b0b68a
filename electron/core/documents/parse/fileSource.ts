import { type FileHandle, open, stat } from 'node:fs/promises';
import { missingError, toDocumentError } from './documentErrors.js';

/**
 * An open document file. Reads go through one handle, so a file deleted mid-read would still be
 * readable on Linux; `assertStillPresent` notices the deletion (or a replacement) so the caller can
 * stop instead of indexing a file the user has removed.
 */
export class DocumentFile {
  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    readonly size: number,
    private readonly inode: number,
  ) {}

  static async open(filePath: string): Promise<DocumentFile> {
    try {
      const handle = await open(filePath, 'r');
      const info = await handle.stat();
      if (info.isDirectory()) {
        await handle.close();
        throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      }
      return new DocumentFile(filePath, handle, info.size, info.ino);
    } catch (error) {
      throw toDocumentError(filePath, error);
    }
  }

  /** Reads up to `length` bytes at `position`; shorter only at the end of the file. */
  async read(position: number, length: number): Promise<Uint8Array> {
    const buffer = new Uint8Array(length);
    let filled = 0;
    try {
      while (filled < length) {
        const { bytesRead } = await this.handle.read(buffer, filled, length - filled, position + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
    } catch (error) {
      throw toDocumentError(this.path, error);
    }
    return filled === length ? buffer : buffer.subarray(0, filled);
  }

  /** Throws `document-missing` if the path no longer names the file that was opened. */
  async assertStillPresent(): Promise<void> {
    try {
      const info = await stat(this.path);
      if (info.ino !== this.inode) throw missingError(this.path);
    } catch (error) {
      throw toDocumentError(this.path, error);
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
