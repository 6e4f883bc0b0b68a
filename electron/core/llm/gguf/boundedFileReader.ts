/**
 * Sequential little-endian reads from an open file through one small buffer. Every read is checked
 * against the file size first, so running off the end is reported as a truncated model, and nothing is
 * ever allocated for bytes the file does not have.
 */
import type { FileHandle } from 'node:fs/promises';
import type { EnclaveError } from '../../errors.js';
import { truncatedModel } from './ggufErrors.js';

const bufferCapacity = 64 * 1024;

export class BoundedFileReader {
  /** Absolute offset of the next byte to read. */
  position = 0;
  private readonly buffer = Buffer.alloc(bufferCapacity);
  private bufferStart = 0;
  private bufferLength = 0;

  constructor(
    private readonly handle: FileHandle,
    /** Size of the file in bytes, taken once before reading. */
    readonly fileSize: number,
    /** Base name of the file, for messages. */
    readonly fileName: string,
  ) {}

  /** Bytes between the current position and the end of the file. */
  remaining(): number {
    return this.fileSize - this.position;
  }

  /** Throws `model-truncated` unless `byteCount` more bytes exist; `what` names what was being read. */
  require(byteCount: number | bigint, what: string): void {
    if (BigInt(this.position) + BigInt(byteCount) <= BigInt(this.fileSize)) return;
    throw this.truncated(what);
  }

  private truncated(what: string): EnclaveError {
    return truncatedModel(this.fileName, `the file ends after ${this.fileSize} bytes, in the middle of ${what}`);
  }

  async uint8(what: string): Promise<number> {
    const at = await this.take(1, what);
    return this.buffer.readUInt8(at);
  }

  async int8(what: string): Promise<number> {
    return this.buffer.readInt8(await this.take(1, what));
  }

  async uint16(what: string): Promise<number> {
    return this.buffer.readUInt16LE(await this.take(2, what));
  }

  async int16(what: string): Promise<number> {
    return this.buffer.readInt16LE(await this.take(2, what));
  }

  async uint32(what: string): Promise<number> {
    return this.buffer.readUInt32LE(await this.take(4, what));
  }

  async int32(what: string): Promise<number> {
    return this.buffer.readInt32LE(await this.take(4, what));
  }

  async float32(what: string): Promise<number> {
    return this.buffer.readFloatLE(await this.take(4, what));
  }

  async float64(what: string): Promise<number> {
    return this.buffer.readDoubleLE(await this.take(8, what));
  }

  async uint64(what: string): Promise<bigint> {
    return this.buffer.readBigUInt64LE(await this.take(8, what));
  }

  async int64(what: string): Promise<bigint> {
    return this.buffer.readBigInt64LE(await this.take(8, what));
  }

  /** Reads `length` bytes as UTF-8; callers check `length` against their own limits first. */
  async utf8(length: number, what: string): Promise<string> {
    this.require(length, what);
    if (length <= bufferCapacity) {
      const at = await this.take(length, what);
      return this.buffer.toString('utf8', at, at + length);
    }
    const bytes = Buffer.alloc(length);
    await this.readInto(bytes, this.position, what);
    this.position += length;
    return bytes.toString('utf8');
  }

  /** Moves past `length` bytes without reading them. */
  skip(length: number, what: string): void {
    this.require(length, what);
    this.position += length;
  }

  /** Makes `count` (at most the buffer size) bytes at the position available; returns their buffer index. */
  private async take(count: number, what: string): Promise<number> {
    this.require(count, what);
    const end = this.bufferStart + this.bufferLength;
    if (this.position < this.bufferStart || this.position + count > end) {
      const length = Math.min(bufferCapacity, this.fileSize - this.position);
      await this.readInto(this.buffer.subarray(0, length), this.position, what);
      this.bufferStart = this.position;
      this.bufferLength = length;
    }
    const at = this.position - this.bufferStart;
    this.position += count;
    return at;
  }

  private async readInto(target: Buffer, position: number, what: string): Promise<void> {
    let filled = 0;
    while (filled < target.length) {
      const { bytesRead } = await this.handle.read(target, filled, target.length - filled, position + filled);
      // The file shrank after we measured it (another program is still writing or truncating it).
      if (bytesRead === 0) throw this.truncated(what);
      filled += bytesRead;
    }
  }
}
