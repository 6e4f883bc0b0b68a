import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';

/** Compiled statements per database, by SQL text (plucked and raw ones under keys of their own). */
const compiled = new WeakMap<Database, Map<string, Statement>>();

/**
 * The statement for `sql` on this database, compiled on first use and reused after. Compiling is
 * the expensive part of a point query here (100–400 µs against a schema with FTS5 and sqlite-vec
 * tables, more than running it), and a chat send runs dozens, so the paths a user waits on (send,
 * stream, finish) take their statements from here. SQLite re-compiles a cached statement by itself
 * when the schema changes. The statement is shared: callers must not change its mode (`pluck`,
 * `raw`, `expand`), which is what `pluckedStatement` and `rawStatement` are for, nor hold it in a running
 * `iterate()`.
 */
export function statement(db: Database, sql: string): Statement {
  return cached(db, sql, sql, 'rows');
}

/** Like `statement`, returning the first column of each row (`Statement.pluck()`). */
export function pluckedStatement(db: Database, sql: string): Statement {
  return cached(db, `pluck\0${sql}`, sql, 'pluck');
}

/** Like `statement`, returning each row as an array of its values (`Statement.raw()`). */
export function rawStatement(db: Database, sql: string): Statement {
  return cached(db, `raw\0${sql}`, sql, 'raw');
}

function cached(db: Database, key: string, sql: string, mode: 'rows' | 'pluck' | 'raw'): Statement {
  let byKey = compiled.get(db);
  if (!byKey) {
    byKey = new Map();
    compiled.set(db, byKey);
  }
  let prepared = byKey.get(key);
  if (!prepared) {
    prepared = db.prepare(sql);
    if (mode === 'pluck') prepared.pluck();
    if (mode === 'raw') prepared.raw();
    byKey.set(key, prepared);
  }
  return prepared;
}

/**
 * A statement of its own, compiled each call and never shared: for a long `iterate()` (a walk over a
 * million audit entries) that must not hold a cached statement other code may run meanwhile.
 */
export function iterationStatement(db: Database, sql: string): Statement {
  return db.prepare(sql);
}
