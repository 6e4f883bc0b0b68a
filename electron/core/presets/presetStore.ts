import type { Database } from 'better-sqlite3';
import {
  type PresetImportReport,
  type PresetInfo,
  type PresetInput,
  presetFileFormat,
  presetFileVersion,
  presetSchema,
} from '../../shared/presetDefinitions.js';
import { newId } from '../db/ids.js';
import { pluckedStatement, statement } from '../db/statements.js';
import { EnclaveError } from '../errors.js';
import { builtinPresets } from './builtinPresets.js';

interface PresetRow {
  id: string;
  name: string;
  description: string;
  system_prompt: string;
  sampling_json: string;
  default_model_id: string | null;
  default_collection_ids_json: string;
  json_schema: string | null;
  builtin: number;
  created_at: number;
  updated_at: number;
}

function toPreset(row: PresetRow): PresetInfo {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    systemPrompt: row.system_prompt,
    sampling: JSON.parse(row.sampling_json) as PresetInfo['sampling'],
    defaultModel: row.default_model_id,
    defaultCollections: JSON.parse(row.default_collection_ids_json) as string[],
    jsonSchema: row.json_schema ? (JSON.parse(row.json_schema) as Record<string, unknown>) : null,
    builtin: row.builtin === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Adds the shipped presets missing from the database (a new version may ship more). */
export function seedBuiltinPresets(db: Database, now = Date.now()): void {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO presets (id, name, description, system_prompt, sampling_json, default_model_id,
       default_collection_ids_json, json_schema, builtin, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
  );
  const nameTaken = db.prepare('SELECT 1 FROM presets WHERE name = ? AND id != ?');
  db.transaction(() => {
    for (const preset of builtinPresets) {
      // A user preset may already hold a shipped name: the shipped one then stays out rather than clash.
      if (nameTaken.get(preset.name, preset.id)) continue;
      insert.run(
        preset.id,
        preset.name,
        preset.description,
        preset.systemPrompt,
        JSON.stringify(preset.sampling),
        preset.defaultModel,
        JSON.stringify(preset.defaultCollections),
        preset.jsonSchema ? JSON.stringify(preset.jsonSchema) : null,
        now,
        now,
      );
    }
  })();
}

export function listPresets(db: Database): PresetInfo[] {
  const rows = db.prepare('SELECT * FROM presets ORDER BY builtin DESC, name COLLATE NOCASE').all() as PresetRow[];
  return rows.map(toPreset);
}

/** By id, or by name (as the CLI and preset files name them). */
export function findPreset(db: Database, reference: string): PresetInfo | undefined {
  const row = statement(db, 'SELECT * FROM presets WHERE id = ? OR name = ? COLLATE NOCASE').get(reference, reference) as
    | PresetRow
    | undefined;
  return row && toPreset(row);
}

export function getPreset(db: Database, reference: string): PresetInfo {
  const preset = findPreset(db, reference);
  if (!preset) throw new EnclaveError('not-found', `There is no preset "${reference}"; it may have been deleted.`);
  return preset;
}

/** Creates a preset, or updates one (`presetId`); shipped presets are read-only: save a copy instead. */
export function savePreset(db: Database, input: PresetInput, presetId?: string, now = Date.now()): PresetInfo {
  const parsed = presetSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EnclaveError('invalid-request', `This preset is not valid: ${issue?.path.join('.') || 'preset'}: ${issue?.message ?? 'unknown problem'}.`);
  }
  const preset = parsed.data;
  const values = [
    preset.name,
    preset.description,
    preset.systemPrompt,
    JSON.stringify(preset.sampling),
    preset.defaultModel,
    JSON.stringify(preset.defaultCollections),
    preset.jsonSchema ? JSON.stringify(preset.jsonSchema) : null,
  ];
  try {
    if (presetId) {
      const existing = getPreset(db, presetId);
      if (existing.builtin) {
        throw new EnclaveError('invalid-request', `"${existing.name}" ships with Enclave and cannot be changed; save a copy under another name.`);
      }
      db.prepare(
        `UPDATE presets SET name = ?, description = ?, system_prompt = ?, sampling_json = ?, default_model_id = ?,
           default_collection_ids_json = ?, json_schema = ?, updated_at = ? WHERE id = ?`,
      ).run(...values, now, existing.id);
      return getPreset(db, existing.id);
    }
    const id = newId();
    db.prepare(
      `INSERT INTO presets (id, name, description, system_prompt, sampling_json, default_model_id,
         default_collection_ids_json, json_schema, builtin, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
    ).run(id, ...values, now, now);
    return getPreset(db, id);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new EnclaveError('invalid-request', `There is already a preset named "${preset.name}"; choose another name.`);
    }
    throw error;
  }
}

export function deletePreset(db: Database, presetId: string): void {
  const preset = getPreset(db, presetId);
  if (preset.builtin) throw new EnclaveError('invalid-request', `"${preset.name}" ships with Enclave and cannot be deleted.`);
  db.prepare('DELETE FROM presets WHERE id = ?').run(preset.id);
}

/** Presets as a JSON file another machine can import (the ones named, or every user preset). */
export function exportPresets(db: Database, presetIds?: readonly string[]): string {
  const chosen = presetIds?.length ? presetIds.map((id) => getPreset(db, id)) : listPresets(db).filter((preset) => !preset.builtin);
  const presets = chosen.map(({ name, description, systemPrompt, sampling, defaultModel, defaultCollections, jsonSchema }) => ({
    name,
    description,
    systemPrompt,
    sampling,
    defaultModel,
    defaultCollections,
    jsonSchema,
  }));
  return `${JSON.stringify({ format: presetFileFormat, version: presetFileVersion, presets }, null, 2)}\n`;
}

/**
 * Imports a presets file: every valid preset whose name is free is added; a taken name is skipped
 * (the one here is kept), and each invalid entry is reported with its reason.
 */
export function importPresets(db: Database, content: string): PresetImportReport {
  let file: unknown;
  try {
    file = JSON.parse(content);
  } catch {
    throw new EnclaveError('invalid-request', 'This is not a presets file: it is not JSON.');
  }
  const header = (file ?? {}) as { format?: unknown; version?: unknown; presets?: unknown };
  if (header.format !== presetFileFormat || !Array.isArray(header.presets)) {
    throw new EnclaveError('invalid-request', 'This is not an Enclave presets file (no "format": "enclave-presets" with a "presets" list).');
  }
  if (typeof header.version !== 'number' || header.version > presetFileVersion) {
    throw new EnclaveError('invalid-request', `This presets file is from a newer Enclave (version ${String(header.version)}); update Enclave to import it.`);
  }
  const report: PresetImportReport = { imported: [], skipped: [], invalid: [] };
  (header.presets as unknown[]).forEach((entry, index) => {
    const rawName = (entry as { name?: unknown } | null)?.name;
    const name = typeof rawName === 'string' ? rawName : null;
    const parsed = presetSchema.safeParse(entry);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      report.invalid.push({ index, name, reason: `${issue?.path.join('.') || 'preset'}: ${issue?.message ?? 'invalid'}` });
      return;
    }
    if (findPreset(db, parsed.data.name)) {
      report.skipped.push(parsed.data.name);
      return;
    }
    savePreset(db, parsed.data);
    report.imported.push(parsed.data.name);
  });
  return report;
}

/** Which preset a chat uses; null for none. */
export function setChatPreset(db: Database, chatId: string, presetId: string | null): void {
  const id = presetId === null ? null : getPreset(db, presetId).id;
  const result = db.prepare('UPDATE chats SET preset_id = ? WHERE id = ?').run(id, chatId);
  if (result.changes === 0) throw new EnclaveError('not-found', `There is no chat with id ${chatId}; it may have been deleted.`);
}

export function chatPreset(db: Database, chatId: string): PresetInfo | null {
  const id = pluckedStatement(db, 'SELECT preset_id FROM chats WHERE id = ?').get(chatId) as string | null | undefined;
  return id ? (findPreset(db, id) ?? null) : null;
}
