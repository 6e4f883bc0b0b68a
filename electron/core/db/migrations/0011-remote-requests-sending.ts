import type { Migration } from './index.js';

const oldOutcomes = "CHECK (outcome IN ('complete', 'interrupted', 'error', 'blocked'))";
const newOutcomes = "CHECK (outcome IN ('sending', 'complete', 'interrupted', 'error', 'blocked'))";

/**
 * A remote request is recorded as `sending` before its first byte leaves, and completed after: a
 * process killed mid-request leaves the record, not nothing. SQLite cannot change a CHECK constraint
 * in place, so the table is rebuilt from its own stored definition (migration 5's, with the one
 * constraint widened): same columns, same rows, same index.
 */
export const migration0011RemoteRequestsSending: Migration = {
  version: 11,
  name: 'remote-requests-sending',
  up(db) {
    const definition = db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'remote_requests'`).pluck().get();
    if (typeof definition !== 'string' || !definition.includes(oldOutcomes)) {
      throw new Error('remote_requests is not as migration 5 created it; refusing to rebuild it.');
    }
    const rebuilt = definition.replace('CREATE TABLE remote_requests', 'CREATE TABLE remote_requests_new').replace(oldOutcomes, newOutcomes);
    db.exec(`
      ${rebuilt};
      INSERT INTO remote_requests_new SELECT * FROM remote_requests;
      DROP TABLE remote_requests;
      ALTER TABLE remote_requests_new RENAME TO remote_requests;
      CREATE INDEX remote_requests_by_time ON remote_requests(created_at);
    `);
  },
};
