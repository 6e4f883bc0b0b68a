import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryHash } from '../../../electron/core/audit/auditChain.js';
import { AuditTrail } from '../../../electron/core/audit/auditTrail.js';
import { makeCheckpoint } from '../../../electron/core/audit/checkpoints.js';
import { pruneTrail } from '../../../electron/core/audit/pruneTrail.js';
import { verifyTrail } from '../../../electron/core/audit/verifyTrail.js';
import { connect } from '../../../electron/core/db/databaseCipher.js';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import type { AuditEventType } from '../../../electron/shared/audit.js';
import type { AuditRow } from '../../../electron/core/audit/store/auditLog.js';
import { seededUnit } from '../../../scripts/gguf/random.js';

const entryCount = 300;
const rounds = 1000;
const sealKey = crypto.randomBytes(32);
const databaseKey = crypto.randomBytes(32);


/**
 * 1,000 random tamperings of a real trail (an encrypted database, entries written by AuditTrail), each on
 * a fresh copy, as someone holding the database key but not the seal key would do them: edit a field,
 * delete an entry, insert one, swap two, cut the end off, or edit and then recompute the whole hash chain
 * after it. Every one is detected, and verify names the first entry that was touched.
 */
describe('the audit trail under tampering', () => {
  let root: string;
  let pristine: string;
  /** The pristine trail's pages, decrypted: each round works on a fresh in-memory copy of them. */
  let image: Buffer;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-tamper-'));
    pristine = path.join(root, 'pristine.db');
    const db = openDatabase(pristine, { key: databaseKey });
    let clock = 1_700_000_000_000;
    const trail = new AuditTrail(db, sealKey, 'app', () => (clock += 1000));
    const types: AuditEventType[] = ['app.started', 'model.imported', 'document.imported', 'remote.sending', 'remote.completed', 'settings.changed', 'chats.erased'];
    db.transaction(() => {
      for (let index = 0; index < entryCount; index++) {
        trail.record(types[index % types.length]!, { id: `x${String(index)}`, sha256: crypto.randomBytes(32).toString('hex'), count: index });
      }
    })();
    db.pragma('journal_mode = DELETE');
    image = db.serialize();
    db.close();
  });

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  function withCopy<T>(work: (db: Database) => T): T {
    const db = new BetterSqlite3(image);
    try {
      return work(db);
    } finally {
      db.close();
    }
  }

  it('verifies a clean trail, sealed, from its first entry to its last, in the encrypted file and in memory', () => {
    const file = connect(pristine, { key: databaseKey, fileMustExist: true });
    expect(verifyTrail(file, sealKey)).toMatchObject({ ok: true, entries: entryCount });
    file.close();
    withCopy((db) => {
      expect(verifyTrail(db, sealKey)).toMatchObject({ ok: true, sealed: true, entries: entryCount, firstSeq: 1, lastSeq: entryCount, firstBad: null });
      expect(verifyTrail(db, sealKey, makeCheckpoint(db, sealKey))).toMatchObject({ ok: true, checkpoint: 'matched' });
    });
  });

  it('refuses UPDATE and DELETE outside pruning (the triggers)', () => {
    withCopy((db) => {
      expect(() => db.prepare("UPDATE audit_events SET details = '{}' WHERE seq = 3").run()).toThrow(/cannot be changed/);
      expect(() => db.prepare('DELETE FROM audit_events WHERE seq = 3').run()).toThrow(/only by pruning/);
    });
  });

  it(`detects ${String(rounds)} random tamperings and names the first bad entry each time`, { timeout: 300_000 }, () => {
    const random = seededUnit(20261203);
    const kinds = ['edit', 'delete', 'insert', 'swap', 'truncate', 'rechain'] as const;
    const missed: string[] = [];
    for (let round = 0; round < rounds; round++) {
      const kind = kinds[round % kinds.length]!;
      const target = 1 + Math.floor(random() * (entryCount - 1));
      withCopy((db) => {
        db.exec('DROP TRIGGER audit_events_are_never_changed; DROP TRIGGER audit_events_are_deleted_only_by_pruning;');
        const expectedBad = tamper(db, kind, target, random);
        const result = verifyTrail(db, sealKey);
        if (result.ok || result.firstBad?.seq !== expectedBad) missed.push(`${kind}@${String(target)}: ${JSON.stringify(result.firstBad)}`);
      });
    }
    expect(missed).toEqual([]);
  });

  it('detects a cut-off end from an exported checkpoint even when the head was reset to match', () => {
    withCopy((db) => {
      const checkpoint = makeCheckpoint(db, sealKey);
      db.exec('DROP TRIGGER audit_events_are_deleted_only_by_pruning;');
      db.prepare('DELETE FROM audit_events WHERE seq > ?').run(entryCount - 5);
      // The attacker rewrites the head to the new last entry (and cannot reseal it)...
      const last = db.prepare('SELECT hash FROM audit_events WHERE seq = ?').get(entryCount - 5) as { hash: Buffer };
      db.prepare('UPDATE audit_state SET head_seq = ?, head_hash = ?').run(entryCount - 5, last.hash);
      expect(verifyTrail(db, sealKey).firstBad?.reason).toMatch(/head's seal/);
      expect(verifyTrail(db, sealKey, checkpoint).ok).toBe(false);
    });
  });

  it('prunes old entries and still verifies from the sealed cut; pruning is itself an entry', () => {
    withCopy((db) => {
      const trail = new AuditTrail(db, sealKey, 'app', () => 1_800_000_000_000);
      const deleted = pruneTrail(db, trail, sealKey, 1_700_000_000_000 + 100 * 1000);
      expect(deleted).toBeGreaterThan(90);
      const result = verifyTrail(db, sealKey);
      expect(result).toMatchObject({ ok: true, firstSeq: deleted + 1, lastSeq: entryCount + 1 });
      expect(db.prepare('SELECT type FROM audit_events ORDER BY seq DESC LIMIT 1').pluck().get()).toBe('audit.pruned');
      // Moving the cut (claiming fewer were pruned) without the key is seen.
      db.prepare('UPDATE audit_state SET base_seq = base_seq - 1').run();
      expect(verifyTrail(db, sealKey).ok).toBe(false);
    });
  });
});

/** Does one tampering; returns the seq verify must name as the first bad entry. */
function tamper(db: Database, kind: string, target: number, random: () => number): number {
  const rows = db.prepare('SELECT * FROM audit_events ORDER BY seq').all() as AuditRow[];
  const row = rows[target - 1]!;
  switch (kind) {
    case 'edit': {
      const field = (['details', 'type', 'actor', 'at'] as const)[Math.floor(random() * 4)]!;
      const value = field === 'at' ? row.at + 1 : field === 'details' ? row.details.replace('"count":', '"count":1') : `${row[field]}x`;
      db.prepare(`UPDATE audit_events SET ${field} = ? WHERE seq = ?`).run(value, target);
      return target;
    }
    case 'delete':
      db.prepare('DELETE FROM audit_events WHERE seq = ?').run(target);
      return target;
    case 'insert': {
      // A forged entry slipped in before `target`: every later seq moves up one.
      db.prepare('UPDATE audit_events SET seq = seq + 1000000 WHERE seq >= ?').run(target);
      db.prepare('UPDATE audit_events SET seq = seq - 999999 WHERE seq >= 1000000').run();
      const previous = rows[target - 2]?.hash ?? Buffer.alloc(32);
      const forged = { seq: target, at: row.at, type: 'settings.changed', actor: 'app', details: '{"forged":true}' };
      db.prepare('INSERT INTO audit_events (seq, at, type, actor, details, prev_hash, hash, seal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        forged.seq, forged.at, forged.type, forged.actor, forged.details, previous, entryHash(previous, forged), crypto.randomBytes(32));
      return target;
    }
    case 'swap': {
      const other = target + 1 + Math.floor(random() * Math.max(1, rows.length - target - 1));
      const second = Math.min(other, rows.length);
      if (second === target) return tamper(db, 'edit', target, random);
      db.prepare('UPDATE audit_events SET seq = -1 WHERE seq = ?').run(target);
      db.prepare('UPDATE audit_events SET seq = ? WHERE seq = ?').run(target, second);
      db.prepare('UPDATE audit_events SET seq = ? WHERE seq = -1').run(second);
      return target;
    }
    case 'truncate':
      db.prepare('DELETE FROM audit_events WHERE seq >= ?').run(target);
      return target;
    default: {
      // Edit, then recompute every hash after it so the chain itself holds: only the seals can tell.
      const edited = rows.map((candidate) => ({ ...candidate }));
      edited[target - 1]!.details = '{"rewritten":true}';
      let previous = target > 1 ? edited[target - 2]!.hash : Buffer.alloc(32);
      for (const entry of edited.slice(target - 1)) {
        entry.prev_hash = previous;
        entry.hash = entryHash(previous, entry);
        db.prepare('UPDATE audit_events SET details = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(entry.details, entry.prev_hash, entry.hash, entry.seq);
        previous = entry.hash;
      }
      db.prepare('UPDATE audit_state SET head_hash = ?').run(previous);
      return target;
    }
  }
}

