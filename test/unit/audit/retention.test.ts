import crypto from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditTrail } from '../../../electron/core/audit/auditTrail.js';
import { pruneByRetention } from '../../../electron/core/audit/retention.js';
import { listAuditRows } from '../../../electron/core/audit/store/auditLog.js';
import { verifyTrail } from '../../../electron/core/audit/verifyTrail.js';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { policySchema } from '../../../electron/shared/policy.js';
import { useTempDir } from '../../support/tempDir.js';

const day = 24 * 60 * 60 * 1000;

describe('pruning the audit trail by the policy', () => {
  const tempDir = useTempDir();

  /** A trail with one entry a day for ten days, the last one today: three days back keeps the last four. */
  function trailOverTenDays() {
    const db = openDatabase(path.join(tempDir(), 'enclave.db'));
    const now = Date.UTC(2026, 0, 11);
    let clock = now - 9 * day;
    const sealKey = crypto.randomBytes(32);
    const trail = new AuditTrail(db, sealKey, 'app', () => clock);
    for (let index = 0; index < 10; index++, clock += day) trail.record('app.started', { index });
    clock = now;
    return { db, trail, sealKey, now };
  }

  it('keeps everything when the policy sets no retention', () => {
    const { db, trail, now } = trailOverTenDays();
    expect(pruneByRetention(db, trail, policySchema.parse({}), now)).toBe(0);
    expect(listAuditRows(db, {})).toHaveLength(10);
    db.close();
  });

  it('deletes the entries older than retentionDays, records it, and still verifies', () => {
    const { db, trail, sealKey, now } = trailOverTenDays();
    expect(pruneByRetention(db, trail, policySchema.parse({ audit: { retentionDays: 3 } }), now)).toBe(6);
    const rows = listAuditRows(db, {});
    expect(rows.map((row) => row.seq)).toEqual([7, 8, 9, 10, 11]);
    expect(rows.at(-1)).toMatchObject({ type: 'audit.pruned' });
    expect(verifyTrail(db, sealKey)).toMatchObject({ ok: true, firstSeq: 7, lastSeq: 11 });
    db.close();
  });
});
