import type { Database } from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import {
  type AdapterInfo,
  defaultModelSettings,
  type ModelInfo,
  type ModelIntegrity,
  type ModelSettings,
  modelSettingsSchema,
  type ModelStorage,
  type ProbeResult,
  probeResultSchema,
} from '../../../shared/domain.js';
import { jsonColumn, settingsColumn } from '../../db/rows.js';
import { statement } from '../../db/statements.js';
import { EnclaveError } from '../../errors.js';
import { type Changes, withoutUndefined } from '../../objects.js';
import { type GgufModelDescription, ggufModelDescriptionSchema, modelPurpose } from '../../llm/gguf/describeModel.js';
import { listAdapters } from './adapters.js';

const storedPartSchema = z.object({ path: z.string(), sizeBytes: z.number(), mtimeMs: z.number() });
/** What is remembered about each file of a model, to notice cheaply when one has changed. */
export type StoredPart = z.infer<typeof storedPartSchema>;
const partsSchema = z.array(storedPartSchema);

interface ModelRow {
  id: string;
  sha256: string;
  path: string;
  parts_json: string;
  storage: ModelStorage;
  size_bytes: number;
  description_json: string;
  integrity: ModelIntegrity;
  imported_at: number;
  verified_at: number | null;
  settings_json: string;
  probe_json: string | null;
}

export interface StoredModel {
  info: ModelInfo;
  parts: StoredPart[];
  description: GgufModelDescription;
}

function toStoredModel(row: ModelRow, adapters: AdapterInfo[]): StoredModel {
  const parts = jsonColumn(partsSchema, row.parts_json, 'models.parts_json');
  const description = jsonColumn(ggufModelDescriptionSchema, row.description_json, 'models.description_json');
  const fileName = row.path.split(/[\\/]/).at(-1) ?? row.path;
  return {
    parts,
    description,
    info: {
      id: row.id,
      name: description.name ?? fileName.replace(/(-\d{5}-of-\d{5})?\.gguf$/i, ''),
      fileName,
      path: row.path,
      parts: parts.map((part) => part.path),
      sizeBytes: row.size_bytes,
      sha256: row.sha256,
      architecture: description.architecture,
      parameterCount: description.parameterCount,
      quantization: description.quantization,
      contextLength: description.contextLength,
      hasChatTemplate: description.chatTemplate !== null,
      purpose: modelPurpose(description),
      license: description.license,
      storage: row.storage,
      integrity: row.integrity,
      importedAt: row.imported_at,
      verifiedAt: row.verified_at,
      settings: settingsColumn(modelSettingsSchema, defaultModelSettings, row.settings_json),
      adapters,
      probe: row.probe_json ? jsonColumn(probeResultSchema, row.probe_json, 'models.probe_json') : null,
    },
  };
}

export function listStoredModels(db: Database): StoredModel[] {
  const rows = statement(db, 'SELECT * FROM models ORDER BY imported_at, rowid').all() as ModelRow[];
  return rows.map((row) => toStoredModel(row, listAdapters(db, row.id)));
}

export function findStoredModel(db: Database, where: { id?: string; sha256?: string; path?: string }): StoredModel | undefined {
  const [column, value] = where.id ? ['id', where.id] : where.sha256 ? ['sha256', where.sha256] : ['path', where.path];
  const row = statement(db, `SELECT * FROM models WHERE ${column} = ?`).get(value) as ModelRow | undefined;
  return row && toStoredModel(row, listAdapters(db, row.id));
}

export function getStoredModel(db: Database, modelId: string): StoredModel {
  const model = findStoredModel(db, { id: modelId });
  if (!model) throw new EnclaveError('not-found', `There is no model with id ${modelId}; it may have been removed.`);
  return model;
}

export interface NewModel {
  sha256: string;
  parts: StoredPart[];
  storage: ModelStorage;
  description: GgufModelDescription;
}

/** The id is the start of the SHA-256 at import: it stays the model's id even if the file is later accepted as changed. */
export function insertModel(db: Database, model: NewModel, now = Date.now()): StoredModel {
  const first = model.parts[0];
  if (!first) throw new Error('a model has at least one part');
  const id = model.sha256.slice(0, 16);
  statement(
    db,
    `INSERT INTO models (id, sha256, path, parts_json, storage, size_bytes, description_json, imported_at, verified_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    model.sha256,
    first.path,
    JSON.stringify(model.parts),
    model.storage,
    model.parts.reduce((sum, part) => sum + part.sizeBytes, 0),
    JSON.stringify(model.description),
    now,
    now,
  );
  return getStoredModel(db, id);
}

export function setIntegrity(db: Database, modelId: string, integrity: ModelIntegrity, verifiedAt: number | null = null): void {
  statement(db, 'UPDATE models SET integrity = ?, verified_at = COALESCE(?, verified_at) WHERE id = ?').run(integrity, verifiedAt, modelId);
}

/** Records the file as it is now (after the user accepted a change, or a cheap check found it equal). */
export function updateModelFile(
  db: Database,
  modelId: string,
  file: { sha256: string; parts: StoredPart[]; description: GgufModelDescription },
  now = Date.now(),
): void {
  statement(
    db,
    `UPDATE models SET sha256 = ?, parts_json = ?, size_bytes = ?, description_json = ?, integrity = 'ok', verified_at = ?
     WHERE id = ?`,
  ).run(
    file.sha256,
    JSON.stringify(file.parts),
    file.parts.reduce((sum, part) => sum + part.sizeBytes, 0),
    JSON.stringify(file.description),
    now,
    modelId,
  );
}

/** Saves `settings` over the model's; a field left out, or undefined, keeps its value. */
export function updateModelSettings(db: Database, modelId: string, settings: Changes<ModelSettings>): StoredModel {
  const current = getStoredModel(db, modelId).info.settings;
  const merged = { ...current, ...withoutUndefined(settings) };
  statement(db, 'UPDATE models SET settings_json = ? WHERE id = ?').run(JSON.stringify(merged), modelId);
  return getStoredModel(db, modelId);
}

export function updateModelProbe(db: Database, modelId: string, probe: ProbeResult): void {
  statement(db, 'UPDATE models SET probe_json = ? WHERE id = ?').run(JSON.stringify(probe), modelId);
}

export function deleteModel(db: Database, modelId: string): void {
  statement(db, 'DELETE FROM models WHERE id = ?').run(modelId);
}
