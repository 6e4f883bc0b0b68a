import type { Database } from 'better-sqlite3';
import type { NetworkPolicy } from '../../shared/policy.js';
import type { EndpointInfo, KeyStorage } from '../../shared/remote.js';
import { newId } from '../db/ids.js';
import { statement } from '../db/statements.js';
import { EnclaveError } from '../errors.js';
import { isEndpointAllowed } from '../policy/endpoints.js';
import { deleteKeyFromFile, type KeyVault, readKeyFromFile, storeKeyInFile } from './keyVault.js';
import type { RemoteEndpointAccess } from './remoteClient.js';

interface EndpointRow {
  id: string;
  name: string;
  base_url: string;
  key_storage: KeyStorage;
  key_env_var: string | null;
  key_ciphertext: Buffer | null;
  created_at: number;
}

export interface NewEndpoint {
  name: string;
  baseUrl: string;
  /** The key itself: kept in the OS keychain (or, in the headless CLI, the fallback file). */
  apiKey?: string | undefined;
  /** Or the name of an environment variable holding it, read at each request; nothing is stored. */
  apiKeyEnv?: string | undefined;
}

/** Remote endpoints and their keys; every use is checked against the policy in force. */
export class EndpointStore {
  constructor(
    private readonly db: Database,
    private readonly vault: KeyVault,
    private readonly network: () => NetworkPolicy,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  list(): EndpointInfo[] {
    const rows = this.db.prepare('SELECT * FROM endpoints ORDER BY name COLLATE NOCASE').all() as EndpointRow[];
    return rows.map((row) => this.toInfo(row));
  }

  /** By id or, as the CLI takes it, by name. */
  find(reference: string): EndpointInfo | undefined {
    const row = this.findRow(reference);
    return row && this.toInfo(row);
  }

  get(reference: string): EndpointInfo {
    const found = this.find(reference);
    if (!found) throw new EnclaveError('not-found', `There is no remote endpoint "${reference}". List them with "enclave endpoints list".`);
    return found;
  }

  add(endpoint: NewEndpoint, now = Date.now()): EndpointInfo {
    const name = endpoint.name.trim();
    if (!name) throw new EnclaveError('invalid-request', 'An endpoint needs a name.');
    const baseUrl = normaliseBaseUrl(endpoint.baseUrl);
    const decision = isEndpointAllowed(this.network(), baseUrl);
    if (!decision.allowed) throw new EnclaveError('remote-not-allowed', `${decision.reason} Ask IT to add ${baseUrl} to the machine policy.`);
    if (endpoint.apiKey !== undefined && endpoint.apiKeyEnv !== undefined) {
      throw new EnclaveError('invalid-request', 'Give either an API key or the environment variable holding it, not both.');
    }
    if (this.findRow(name)) throw new EnclaveError('invalid-request', `There is already an endpoint named "${name}".`);
    const id = newId();
    const { storage, ciphertext } = this.keyStorageFor(endpoint);
    this.db
      .prepare('INSERT INTO endpoints (id, name, base_url, key_storage, key_env_var, key_ciphertext, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, name, baseUrl, storage, endpoint.apiKeyEnv ?? null, ciphertext, now);
    if (storage === 'file') storeKeyInFile(this.vault.fallbackFile!, id, endpoint.apiKey!);
    return this.get(id);
  }

  remove(reference: string): EndpointInfo {
    const endpoint = this.get(reference);
    this.db.prepare('DELETE FROM endpoints WHERE id = ?').run(endpoint.id);
    if (endpoint.keyStorage === 'file' && this.vault.fallbackFile) deleteKeyFromFile(this.vault.fallbackFile, endpoint.id);
    return endpoint;
  }

  /** What a request needs, the key read from where it is kept; refused when the policy does not allow it. */
  access(reference: string): RemoteEndpointAccess & { id: string } {
    const row = this.findRow(reference);
    if (!row) throw new EnclaveError('not-found', `There is no remote endpoint "${reference}".`);
    const decision = isEndpointAllowed(this.network(), row.base_url);
    if (!decision.allowed) throw new EnclaveError('remote-not-allowed', decision.reason);
    return { id: row.id, name: row.name, baseUrl: row.base_url, apiKey: this.readKey(row) };
  }

  private readKey(row: EndpointRow): string | null {
    switch (row.key_storage) {
      case 'none':
        return null;
      case 'env': {
        const value = this.env[row.key_env_var ?? ''];
        if (!value) {
          throw new EnclaveError('remote-key-missing', `The API key for ${row.name} is read from $${row.key_env_var}, which is not set.`);
        }
        return value;
      }
      case 'keychain': {
        const keychain = this.vault.keychain;
        if (!keychain?.isAvailable() || !row.key_ciphertext) {
          throw new EnclaveError('remote-key-missing', `The API key for ${row.name} is in the OS keychain, which is not available here (the CLI has none); use the app, or re-add the endpoint with --api-key-env.`);
        }
        return keychain.decrypt(row.key_ciphertext);
      }
      case 'file': {
        const key = this.vault.fallbackFile ? readKeyFromFile(this.vault.fallbackFile, row.id) : null;
        if (!key) throw new EnclaveError('remote-key-missing', `The API key for ${row.name} was kept in the CLI's key file, which no longer has it; add the endpoint again.`);
        return key;
      }
    }
  }

  private keyStorageFor(endpoint: NewEndpoint): { storage: KeyStorage; ciphertext: Buffer | null } {
    if (endpoint.apiKeyEnv !== undefined) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(endpoint.apiKeyEnv)) {
        throw new EnclaveError('invalid-request', `"${endpoint.apiKeyEnv}" is not an environment variable name.`);
      }
      return { storage: 'env', ciphertext: null };
    }
    if (!endpoint.apiKey) return { storage: 'none', ciphertext: null };
    if (this.vault.keychain?.isAvailable()) return { storage: 'keychain', ciphertext: this.vault.keychain.encrypt(endpoint.apiKey) };
    if (this.vault.fallbackFile) return { storage: 'file', ciphertext: null };
    throw new EnclaveError('remote-key-missing', 'The OS keychain is not available, so the API key cannot be stored safely; use an environment variable instead.');
  }

  private findRow(reference: string): EndpointRow | undefined {
    return statement(this.db, 'SELECT * FROM endpoints WHERE id = ? OR name = ? COLLATE NOCASE').get(reference, reference) as
      | EndpointRow
      | undefined;
  }

  private toInfo(row: EndpointRow): EndpointInfo {
    const decision = isEndpointAllowed(this.network(), row.base_url);
    return {
      id: row.id,
      name: row.name,
      baseUrl: row.base_url,
      keyStorage: row.key_storage,
      keyEnvVar: row.key_env_var,
      allowed: decision.allowed,
      blockedReason: decision.allowed ? null : decision.reason,
      createdAt: row.created_at,
    };
  }
}

/** A base URL as OpenAI clients expect it: http(s), no query or fragment, no trailing slash. */
export function normaliseBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new EnclaveError('invalid-request', `"${value}" is not a URL; give the endpoint's base URL, e.g. https://llm.example/v1.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new EnclaveError('invalid-request', `"${value}" is not an http or https URL.`);
  }
  if (url.username || url.password) throw new EnclaveError('invalid-request', 'Put the API key in --api-key-env, not in the URL.');
  url.search = '';
  url.hash = '';
  return url.href.replace(/\/+$/, '');
}
