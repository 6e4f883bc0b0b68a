import type { Migration } from './index.js';

/**
 * The model registry: every model file Enclave knows, with the SHA-256 it had when it was imported
 * (so a changed file is caught before it is loaded), how it got here, and the user's settings for it.
 */
export const migration0002ModelRegistry: Migration = {
  version: 2,
  name: 'model-registry',
  up(db) {
    db.exec(`
      CREATE TABLE models (
        id TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        path TEXT NOT NULL UNIQUE,
        parts_json TEXT NOT NULL,
        storage TEXT NOT NULL CHECK (storage IN ('copied', 'linked', 'bundled')),
        size_bytes INTEGER NOT NULL,
        description_json TEXT NOT NULL,
        integrity TEXT NOT NULL DEFAULT 'ok' CHECK (integrity IN ('ok', 'changed', 'missing')),
        imported_at INTEGER NOT NULL,
        verified_at INTEGER,
        settings_json TEXT NOT NULL DEFAULT '{}',
        probe_json TEXT
      ) STRICT;

      CREATE TABLE model_adapters (
        id TEXT PRIMARY KEY,
        model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        scale REAL NOT NULL,
        added_at INTEGER NOT NULL,
        UNIQUE (model_id, sha256)
      ) STRICT;
    `);
  },
};
