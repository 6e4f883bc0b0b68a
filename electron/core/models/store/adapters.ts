import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AdapterInfo } from '../../../shared/domain.js';
import { type RowOf, rowFields } from '../../db/rows.js';
import { statement } from '../../db/statements.js';
import { EnclaveError } from '../../errors.js';

const selectAdapter = 'SELECT id, name, path, sha256, size_bytes, scale FROM model_adapters';

/** A model's adapters, in the order they were attached. */
export function listAdapters(db: Database, modelId: string): AdapterInfo[] {
  const rows = statement(db, `${selectAdapter} WHERE model_id = ? ORDER BY added_at, rowid`).all(modelId) as RowOf<AdapterInfo>[];
  return rows.map(rowFields);
}

export function insertAdapter(
  db: Database,
  modelId: string,
  adapter: Omit<AdapterInfo, 'id'>,
  now = Date.now(),
): AdapterInfo {
  const id = `${modelId.slice(0, 8)}${adapter.sha256.slice(0, 16)}`;
  statement(
    db,
    `INSERT INTO model_adapters (id, model_id, name, path, sha256, size_bytes, scale, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, modelId, adapter.name, adapter.path, adapter.sha256, adapter.sizeBytes, adapter.scale, now);
  return getAdapter(db, modelId, id);
}

export function getAdapter(db: Database, modelId: string, adapterId: string): AdapterInfo {
  const row = statement(db, `${selectAdapter} WHERE model_id = ? AND id = ?`).get(modelId, adapterId) as RowOf<AdapterInfo> | undefined;
  if (!row) throw new EnclaveError('not-found', `There is no adapter ${adapterId} on this model.`);
  return rowFields(row);
}

export function updateAdapterScale(db: Database, modelId: string, adapterId: string, scale: number): AdapterInfo {
  getAdapter(db, modelId, adapterId);
  statement(db, 'UPDATE model_adapters SET scale = ? WHERE id = ?').run(scale, adapterId);
  return getAdapter(db, modelId, adapterId);
}

export function deleteAdapter(db: Database, modelId: string, adapterId: string): void {
  getAdapter(db, modelId, adapterId);
  statement(db, 'DELETE FROM model_adapters WHERE id = ?').run(adapterId);
}
