import { createHash, randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ApiTokenCreated, ApiTokenInfo } from '../../../shared/apiServer.js';
import { statement } from '../../db/statements.js';
import { EnclaveError } from '../../errors.js';

/** What a token starts with, so a leaked one is recognisable in a log or a secret scanner. */
const tokenPrefix = 'enclave-';

interface TokenRow {
  name: string;
  created_at: number;
  last_used_at: number | null;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Makes a client's token: 32 random bytes (base64url) after the prefix. Only its SHA-256 is stored,
 * so the database (or a backup of it) never holds a token that works.
 */
export function createApiToken(db: Database, name: string, now = Date.now()): ApiTokenCreated {
  const token = `${tokenPrefix}${randomBytes(32).toString('base64url')}`;
  const taken = statement(db, 'SELECT 1 FROM api_tokens WHERE name = ?').get(name) !== undefined;
  if (taken) throw new EnclaveError('invalid-request', `A client named "${name}" already has a token. Revoke it first, or choose another name.`);
  statement(db, 'INSERT INTO api_tokens (name, token_sha256, created_at) VALUES (?, ?, ?)').run(name, sha256Hex(token), now);
  return { name, token, createdAt: now };
}

export function listApiTokens(db: Database): ApiTokenInfo[] {
  const rows = statement(db, 'SELECT name, created_at, last_used_at FROM api_tokens ORDER BY name').all() as TokenRow[];
  return rows.map((row) => ({ name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at }));
}

/** Deletes the client's token; answers with its stored name (names match regardless of case). */
export function revokeApiToken(db: Database, name: string): string {
  const row = statement(db, 'SELECT name FROM api_tokens WHERE name = ?').get(name) as { name: string } | undefined;
  if (!row) throw new EnclaveError('not-found', `No client is named "${name}". "enclave serve tokens list" shows the names.`);
  statement(db, 'DELETE FROM api_tokens WHERE name = ?').run(row.name);
  return row.name;
}

/**
 * The client a presented token belongs to, or null. Looked up by the token's SHA-256: the stored
 * value is never compared with what a caller sent, so the comparison leaks nothing about a token.
 */
export function clientForToken(db: Database, token: string, now = Date.now()): string | null {
  if (!token.startsWith(tokenPrefix) || token.length > 200) return null;
  const row = statement(db, 'SELECT name FROM api_tokens WHERE token_sha256 = ?').get(sha256Hex(token)) as { name: string } | undefined;
  if (!row) return null;
  statement(db, 'UPDATE api_tokens SET last_used_at = ? WHERE name = ?').run(now, row.name);
  return row.name;
}
