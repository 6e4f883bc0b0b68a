import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AuditTrail } from '../audit/auditTrail.js';
import { type AppSettings, appSettingsSchema, defaultAppSettings } from '../../shared/domain.js';
import { settingsColumn } from '../db/rows.js';
import { type Changes, withoutUndefined } from '../objects.js';
import { type PlainSettings, recordSettingChanges } from './settingChanges.js';
import { readSetting, writeSetting } from './store/settings.js';

const key = 'app';

/** The settings as stored, each one missing or no longer valid at its default. */
export function readAppSettings(db: Database): AppSettings {
  return settingsColumn(appSettingsSchema, defaultAppSettings, readSetting(db, key));
}

/** Saves `changes` over the stored settings; a field left out, or undefined, keeps its value. */
export function updateAppSettings(db: Database, changes: Changes<AppSettings>): AppSettings {
  const merged = { ...readAppSettings(db), ...withoutUndefined(changes) };
  writeSetting(db, key, JSON.stringify(merged));
  return merged;
}

/** Saves `changes` as `updateAppSettings` does, each setting that changed recorded in the trail with it. */
export function changeAppSettings(db: Database, audit: AuditTrail, changes: Changes<AppSettings>): { before: AppSettings; after: AppSettings } {
  return db.transaction(() => {
    const before = readAppSettings(db);
    const after = updateAppSettings(db, changes);
    recordSettingChanges(audit, plainSettings(before), plainSettings(after));
    return { before, after };
  })();
}

/** The settings as the trail shows them: the OCR languages as Tesseract writes several, "eng+deu". */
function plainSettings(settings: AppSettings): PlainSettings {
  return { ...settings, ocrLanguages: settings.ocrLanguages.join('+') };
}
