import type { Database } from 'better-sqlite3-multiple-ciphers';
import { type AppSettings, appSettingsSchema, defaultAppSettings } from '../../shared/domain.js';
import { settingsColumn } from '../db/rows.js';
import { type Changes, withoutUndefined } from '../objects.js';
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
