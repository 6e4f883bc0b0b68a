import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { KeyStorage } from '../../../shared/remote.js';
import { type RowOf, rowFields } from '../../db/rows.js';
import { statement } from '../../db/statements.js';

/** A remote endpoint as stored: where it is, and where its API key is kept. */
export interface StoredEndpoint {
  id: string;
  name: string;
  baseUrl: string;
  keyStorage: KeyStorage;
  /** The environment variable holding the key (`keyStorage` 'env'). */
  keyEnvVar: string | null;
  /** The key encrypted by the OS keychain (`keyStorage` 'keychain'). */
  keyCiphertext: Buffer | null;
  createdAt: number;
}

const selectEndpoint = 'SELECT id, name, base_url, key_storage, key_env_var, key_ciphertext, created_at FROM endpoints';

/** By name, case-insensitively. */
export function listStoredEndpoints(db: Database): StoredEndpoint[] {
  const rows = statement(db, `${selectEndpoint} ORDER BY name COLLATE NOCASE`).all() as RowOf<StoredEndpoint>[];
  return rows.map(rowFields);
}

/** By id or, as the CLI takes it, by name. */
export function findStoredEndpoint(db: Database, reference: string): StoredEndpoint | undefined {
  const row = statement(db, `${selectEndpoint} WHERE id = ? OR name = ? COLLATE NOCASE`).get(reference, reference) as
    | RowOf<StoredEndpoint>
    | undefined;
  return row && rowFields(row);
}

export function insertEndpoint(db: Database, endpoint: StoredEndpoint): void {
  const { id, name, baseUrl, keyStorage, keyEnvVar, keyCiphertext, createdAt } = endpoint;
  statement(
    db,
    'INSERT INTO endpoints (id, name, base_url, key_storage, key_env_var, key_ciphertext, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(id, name, baseUrl, keyStorage, keyEnvVar, keyCiphertext, createdAt);
}

export function deleteEndpoint(db: Database, endpointId: string): void {
  statement(db, 'DELETE FROM endpoints WHERE id = ?').run(endpointId);
}
