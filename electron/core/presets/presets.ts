import type { Database } from 'better-sqlite3-multiple-ciphers';
import {
  type PresetImportReport,
  type PresetInfo,
  type PresetInput,
  presetFileFormat,
  presetFileVersion,
  presetSchema,
} from '../../shared/presetDefinitions.js';
import { chatPresetId, setChatPresetId } from '../chat/store/chats.js';
import { EnclaveError } from '../errors.js';
import { newId } from '../ids.js';
import { builtinPresets } from './builtinPresets.js';
import { deletePresetRow, findPreset, insertPreset, listPresets, presetNameTaken, updatePreset } from './store/presets.js';

/** Adds the shipped presets missing from the database (a new version may ship more). */
export function seedBuiltinPresets(db: Database, now = Date.now()): void {
  db.transaction(() => {
    for (const preset of builtinPresets) {
      // A user preset may already hold a shipped name: the shipped one then stays out rather than clash.
      if (presetNameTaken(db, preset.name, preset.id)) continue;
      insertPreset(db, preset.id, preset, true, now);
    }
  })();
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
  try {
    if (presetId) {
      const existing = getPreset(db, presetId);
      if (existing.builtin) {
        throw new EnclaveError('invalid-request', `"${existing.name}" ships with Enclave and cannot be changed; save a copy under another name.`);
      }
      updatePreset(db, existing.id, preset, now);
      return getPreset(db, existing.id);
    }
    const id = newId();
    insertPreset(db, id, preset, false, now);
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
  deletePresetRow(db, preset.id);
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
  if (!setChatPresetId(db, chatId, id)) throw new EnclaveError('not-found', `There is no chat with id ${chatId}; it may have been deleted.`);
}

export function chatPreset(db: Database, chatId: string): PresetInfo | null {
  const id = chatPresetId(db, chatId);
  return id ? (findPreset(db, id) ?? null) : null;
}
