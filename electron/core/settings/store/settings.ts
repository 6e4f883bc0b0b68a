import type { Database } from 'better-sqlite3-multiple-ciphers';
import { pluckedStatement, statement } from '../../db/statements.js';

/** The stored JSON text of a setting; undefined when it was never written. */
export function readSetting(db: Database, key: string): string | undefined {
  return pluckedStatement(db, 'SELECT value_json FROM settings WHERE key = ?').get(key) as string | undefined;
}

export function writeSetting(db: Database, key: string, valueJson: string): void {
  statement(db, 'INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json').run(
    key,
    valueJson,
  );
}

export function hasSetting(db: Database, key: string): boolean {
  return statement(db, 'SELECT 1 FROM settings WHERE key = ?').get(key) !== undefined;
}

export function deleteSetting(db: Database, key: string): void {
  statement(db, 'DELETE FROM settings WHERE key = ?').run(key);
}
