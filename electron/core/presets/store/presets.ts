import type { Database } from 'better-sqlite3-multiple-ciphers';
import { type PresetDefinition, type PresetInfo, presetSchema } from '../../../shared/presetDefinitions.js';
import { jsonColumn, type RowOf, rowFields } from '../../db/rows.js';
import { statement } from '../../db/statements.js';

type StoredFields = Omit<PresetInfo, 'sampling' | 'defaultCollections' | 'jsonSchema' | 'builtin'>;
type PresetRow = RowOf<StoredFields> & { sampling: string; default_collections: string; json_schema: string | null; builtin: number };

const selectPreset = `
  SELECT id, name, description, system_prompt, sampling_json AS sampling, default_model_id AS default_model,
         default_collection_ids_json AS default_collections, json_schema, builtin, created_at, updated_at
  FROM presets`;

function toPreset(row: PresetRow): PresetInfo {
  const { sampling, defaultCollections, jsonSchema } = presetSchema.shape;
  return {
    ...rowFields(row),
    sampling: jsonColumn(sampling, row.sampling, 'presets.sampling_json'),
    defaultCollections: jsonColumn(defaultCollections, row.default_collections, 'presets.default_collection_ids_json'),
    jsonSchema: row.json_schema ? jsonColumn(jsonSchema, row.json_schema, 'presets.json_schema') : null,
    builtin: row.builtin === 1,
  };
}

/** Shipped ones first, then by name. */
export function listPresets(db: Database): PresetInfo[] {
  const rows = statement(db, `${selectPreset} ORDER BY builtin DESC, name COLLATE NOCASE`).all() as PresetRow[];
  return rows.map(toPreset);
}

/** By id, or by name (as the CLI and preset files name them). */
export function findPreset(db: Database, reference: string): PresetInfo | undefined {
  const row = statement(db, `${selectPreset} WHERE id = ? OR name = ? COLLATE NOCASE`).get(reference, reference) as PresetRow | undefined;
  return row && toPreset(row);
}

/** Whether a preset other than `presetId` holds this name. */
export function presetNameTaken(db: Database, name: string, presetId: string): boolean {
  return statement(db, 'SELECT 1 FROM presets WHERE name = ? AND id != ?').get(name, presetId) !== undefined;
}

/** The columns a preset's definition is stored in, in the order the statements below list them. */
function definitionValues(preset: PresetDefinition): unknown[] {
  const { name, description, systemPrompt, sampling, defaultModel, defaultCollections, jsonSchema } = preset;
  return [name, description, systemPrompt, JSON.stringify(sampling), defaultModel, JSON.stringify(defaultCollections), jsonSchema ? JSON.stringify(jsonSchema) : null];
}

/**
 * Stores a new preset. A shipped one (`builtin`) whose id is stored already is left as it is; a user
 * preset whose name is taken fails with SQLite's unique constraint.
 */
export function insertPreset(db: Database, id: string, preset: PresetDefinition, builtin: boolean, now: number): void {
  statement(
    db,
    `INSERT ${builtin ? 'OR IGNORE ' : ''}INTO presets (id, name, description, system_prompt, sampling_json, default_model_id,
       default_collection_ids_json, json_schema, builtin, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, ...definitionValues(preset), builtin ? 1 : 0, now, now);
}

export function updatePreset(db: Database, id: string, preset: PresetDefinition, now: number): void {
  statement(
    db,
    `UPDATE presets SET name = ?, description = ?, system_prompt = ?, sampling_json = ?, default_model_id = ?,
       default_collection_ids_json = ?, json_schema = ?, updated_at = ? WHERE id = ?`,
  ).run(...definitionValues(preset), now, id);
}

export function deletePresetRow(db: Database, presetId: string): void {
  statement(db, 'DELETE FROM presets WHERE id = ?').run(presetId);
}
