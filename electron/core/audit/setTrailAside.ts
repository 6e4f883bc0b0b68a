import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { sealHex, toAuditEntry } from './auditEntries.js';
import { jsonLine } from './exportFormats.js';
import { auditState, iterateAuditRows } from './store/auditLog.js';

export interface TrailSetAside {
  /** The JSON Lines file in the data folder (owner-only) holding the replaced trail, entry by entry. */
  file: string;
  entries: number;
  sha256: string;
  /** The replaced trail's last entry. */
  headSeq: number;
  headHash: string;
}

/** Lines are written a megabyte at a time: a million entries never sit in memory together. */
const chunkBytes = 1 << 20;

/**
 * Writes the whole trail beside the database before a restore replaces it. The restored database's
 * trail continues from the backup's last entry, so whatever was recorded after the backup was made
 * (requests sent, chats erased) would otherwise be gone, and the restored trail would still verify.
 * The file, its hash and the replaced head go into the `backup.restored` entry: the acts stay on
 * record, and `audit verify --checkpoint` with an older checkpoint explains itself.
 */
export function setTrailAside(db: Database, dataDir: string, now = new Date()): TrailSetAside {
  const state = auditState(db);
  const file = path.join(dataDir, `audit-before-restore-${now.toISOString().replace(/[:.]/g, '-')}.jsonl`);
  const digest = crypto.createHash('sha256');
  const descriptor = fs.openSync(file, 'wx', 0o600);
  let entries = 0;
  let chunk = '';
  const write = (text: string) => {
    fs.writeSync(descriptor, text);
    digest.update(text);
  };
  try {
    for (const row of iterateAuditRows(db)) {
      chunk += `${jsonLine(toAuditEntry(row), sealHex(row))}\n`;
      entries++;
      if (chunk.length >= chunkBytes) {
        write(chunk);
        chunk = '';
      }
    }
    write(chunk);
    fs.fsyncSync(descriptor);
  } catch (error) {
    fs.closeSync(descriptor);
    fs.rmSync(file, { force: true });
    throw error;
  }
  fs.closeSync(descriptor);
  const headHash = state.head_seq === state.base_seq ? state.base_hash : state.head_hash;
  return { file, entries, sha256: digest.digest('hex'), headSeq: state.head_seq, headHash: headHash.toString('hex') };
}
