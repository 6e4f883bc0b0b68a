import type { Database } from 'better-sqlite3-multiple-ciphers';
import { EnclaveError } from '../errors.js';
import { latestSchemaVersion, type Migration, migrations as allMigrations } from './migrations/index.js';

export function readSchemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema up to date in one transaction: either every pending migration applies, or none
 * does and the file is left as it was. A database written by a newer Enclave is refused, not
 * guessed at, because an older schema cannot know what the newer one's rows mean.
 */
export function migrateDatabase(db: Database, migrations: readonly Migration[] = allMigrations): number {
  const current = assertNotNewer(db, migrations);
  const pending = migrations.filter((migration) => migration.version > current);
  if (pending.length === 0) return current;
  db.transaction(() => {
    for (const migration of pending) {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }
  })();
  return readSchemaVersion(db);
}

/** Returns the stored schema version, refusing one newer than this build knows. */
export function assertNotNewer(db: Database, migrations: readonly Migration[] = allMigrations): number {
  const current = readSchemaVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new EnclaveError(
      'database-too-new',
      `This database was written by a newer version of Enclave (schema ${current}, this version knows up to ${latest}). Update Enclave to open it.`,
    );
  }
  return current;
}

export { latestSchemaVersion };
