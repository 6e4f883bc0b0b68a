import type { Database } from 'better-sqlite3';
import { type AppSettings, defaultAppSettings } from '../../shared/domain.js';

const key = 'app';

export function readAppSettings(db: Database): AppSettings {
  const row = db.prepare('SELECT value_json FROM settings WHERE key = ?').get(key) as { value_json: string } | undefined;
  return { ...defaultAppSettings, ...(row ? (JSON.parse(row.value_json) as Partial<AppSettings>) : {}) };
}

export function updateAppSettings(db: Database, changes: Partial<AppSettings>): AppSettings {
  const merged = { ...readAppSettings(db), ...changes };
  db.prepare('INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json').run(
    key,
    JSON.stringify(merged),
  );
  return merged;
}
