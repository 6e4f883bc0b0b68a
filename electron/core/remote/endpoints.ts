import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { NetworkPolicy } from '../../shared/policy.js';
import type { EndpointInfo, KeyStorage } from '../../shared/remote.js';
import type { AuditTrail } from '../audit/auditTrail.js';
import { EnclaveError } from '../errors.js';
import { newId } from '../ids.js';
import { isEndpointAllowed } from '../policy/endpoints.js';
import { deleteKeyFromFile, type KeyVault, readKeyFromFile, storeKeyInFile } from './keyVault.js';
import type { RemoteEndpointAccess } from './remoteClient.js';
import { deleteEndpoint, findStoredEndpoint, insertEndpoint, listStoredEndpoints, type StoredEndpoint } from './store/endpoints.js';

export interface NewEndpoint {
  name: string;
  baseUrl: string;
  /** The key itself: kept in the OS keychain (or, in the headless CLI, the fallback file). */
  apiKey?: string | undefined;
  /** Or the name of an environment variable holding it, read at each request; nothing is stored. */
  apiKeyEnv?: string | undefined;
}

/** What the endpoint functions work with: the database, where keys are kept, the policy in force. */
export interface EndpointContext {
  db: Database;
  /** Endpoints added and removed are recorded here, with where their key is kept (never the key). */
  audit: AuditTrail;
  vault: KeyVault;
  /** The network policy, read at each use: every use of an endpoint is checked against it. */
  network: () => NetworkPolicy;
  /** Where `apiKeyEnv` keys are read from (default: this process's environment). */
  env?: NodeJS.ProcessEnv;
}

/** What a request to an endpoint needs, with the endpoint's id for the request log. */
export type EndpointAccess = RemoteEndpointAccess & { id: string };

export function listEndpoints(context: EndpointContext): EndpointInfo[] {
  return listStoredEndpoints(context.db).map((endpoint) => endpointInfo(context, endpoint));
}

/** By id or, as the CLI takes it, by name. */
export function findEndpoint(context: EndpointContext, reference: string): EndpointInfo | undefined {
  const endpoint = findStoredEndpoint(context.db, reference);
  return endpoint && endpointInfo(context, endpoint);
}

export function getEndpoint(context: EndpointContext, reference: string): EndpointInfo {
  const found = findEndpoint(context, reference);
  if (!found) throw new EnclaveError('not-found', `There is no remote endpoint "${reference}". List them with "enclave endpoints list".`);
  return found;
}

export async function addEndpoint(context: EndpointContext, endpoint: NewEndpoint, now = Date.now()): Promise<EndpointInfo> {
  const { db, vault } = context;
  const name = endpoint.name.trim();
  if (!name) throw new EnclaveError('invalid-request', 'An endpoint needs a name.');
  const baseUrl = normaliseBaseUrl(endpoint.baseUrl);
  const decision = isEndpointAllowed(context.network(), baseUrl);
  if (!decision.allowed) throw new EnclaveError('remote-not-allowed', `${decision.reason} Ask IT to add ${baseUrl} to the machine policy.`);
  if (endpoint.apiKey !== undefined && endpoint.apiKeyEnv !== undefined) {
    throw new EnclaveError('invalid-request', 'Give either an API key or the environment variable holding it, not both.');
  }
  if (findStoredEndpoint(db, name)) throw new EnclaveError('invalid-request', `There is already an endpoint named "${name}".`);
  const id = newId();
  // The name is checked again by the table's UNIQUE constraint, should another add finish during the await.
  const { storage, ciphertext, keyFile } = await keyStorageFor(vault, endpoint);
  db.transaction(() => {
    insertEndpoint(db, {
      id,
      name,
      baseUrl,
      keyStorage: storage,
      keyEnvVar: endpoint.apiKeyEnv ?? null,
      keyCiphertext: ciphertext,
      createdAt: now,
    });
    context.audit.record('endpoint.added', { endpointId: id, name, baseUrl, keyStorage: storage, keyEnvVar: endpoint.apiKeyEnv ?? null });
  })();
  if (keyFile) storeKeyInFile(keyFile.path, id, keyFile.key);
  return getEndpoint(context, id);
}

export function removeEndpoint(context: EndpointContext, reference: string): EndpointInfo {
  const endpoint = getEndpoint(context, reference);
  context.db.transaction(() => {
    deleteEndpoint(context.db, endpoint.id);
    context.audit.record('endpoint.removed', { endpointId: endpoint.id, name: endpoint.name, baseUrl: endpoint.baseUrl, keyStorage: endpoint.keyStorage });
  })();
  if (endpoint.keyStorage === 'file' && context.vault.fallbackFile) deleteKeyFromFile(context.vault.fallbackFile, endpoint.id);
  return endpoint;
}

/** What a request needs, the key read from where it is kept; refused when the policy does not allow it. */
export async function endpointAccess(context: EndpointContext, reference: string): Promise<EndpointAccess> {
  const endpoint = findStoredEndpoint(context.db, reference);
  if (!endpoint) throw new EnclaveError('not-found', `There is no remote endpoint "${reference}".`);
  const decision = isEndpointAllowed(context.network(), endpoint.baseUrl);
  if (!decision.allowed) throw new EnclaveError('remote-not-allowed', decision.reason);
  return { id: endpoint.id, name: endpoint.name, baseUrl: endpoint.baseUrl, apiKey: await readKey(context, endpoint) };
}

async function readKey(context: EndpointContext, endpoint: StoredEndpoint): Promise<string | null> {
  switch (endpoint.keyStorage) {
    case 'none':
      return null;
    case 'env': {
      const value = (context.env ?? process.env)[endpoint.keyEnvVar ?? ''];
      if (!value) {
        throw new EnclaveError('remote-key-missing', `The API key for ${endpoint.name} is read from $${endpoint.keyEnvVar}, which is not set.`);
      }
      return value;
    }
    case 'keychain': {
      const keychain = context.vault.keychain;
      if (!keychain || !(await keychain.isAvailable()) || !endpoint.keyCiphertext) {
        throw new EnclaveError('remote-key-missing', `The API key for ${endpoint.name} is in the OS keychain, which is not available here (the CLI has none); use the app, or re-add the endpoint with --api-key-env.`);
      }
      return keychain.decrypt(endpoint.keyCiphertext);
    }
    case 'file': {
      const fallbackFile = context.vault.fallbackFile;
      const key = fallbackFile ? readKeyFromFile(fallbackFile, endpoint.id) : null;
      if (!key) throw new EnclaveError('remote-key-missing', `The API key for ${endpoint.name} was kept in the CLI's key file, which no longer has it; add the endpoint again.`);
      return key;
    }
  }
}

/** Where the endpoint's key goes; `keyFile` (the fallback file and the key) when that is where. */
async function keyStorageFor(
  vault: KeyVault,
  endpoint: NewEndpoint,
): Promise<{ storage: KeyStorage; ciphertext: Buffer | null; keyFile?: { path: string; key: string } }> {
  if (endpoint.apiKeyEnv !== undefined) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(endpoint.apiKeyEnv)) {
      throw new EnclaveError('invalid-request', `"${endpoint.apiKeyEnv}" is not an environment variable name.`);
    }
    return { storage: 'env', ciphertext: null };
  }
  if (!endpoint.apiKey) return { storage: 'none', ciphertext: null };
  const keychain = vault.keychain;
  if (keychain && (await keychain.isAvailable())) return { storage: 'keychain', ciphertext: await keychain.encrypt(endpoint.apiKey) };
  if (vault.fallbackFile) return { storage: 'file', ciphertext: null, keyFile: { path: vault.fallbackFile, key: endpoint.apiKey } };
  throw new EnclaveError('remote-key-missing', 'The OS keychain is not available, so the API key cannot be stored safely; use an environment variable instead.');
}

/** The endpoint as the user sees it, with whether the policy in force allows it now. */
function endpointInfo(context: EndpointContext, endpoint: StoredEndpoint): EndpointInfo {
  const { keyCiphertext: _keyCiphertext, createdAt, ...shown } = endpoint;
  const decision = isEndpointAllowed(context.network(), endpoint.baseUrl);
  return { ...shown, allowed: decision.allowed, blockedReason: decision.allowed ? null : decision.reason, createdAt };
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
