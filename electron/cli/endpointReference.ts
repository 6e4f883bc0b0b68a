/** How the remote commands find the endpoint a user names, and describe where its key is kept. */
import path from 'node:path';
import { EnclaveError } from '../core/errors.js';
import type { EndpointInfo } from '../shared/remote.js';
import type { Session } from './session.js';

/** An endpoint by name (any case) or id; one that matches none is an error that says where to look. */
export async function findEndpoint(session: Session, reference: string): Promise<EndpointInfo> {
  const endpoints = await session.request('endpoints.list', {});
  const wanted = reference.trim().toLowerCase();
  const found = endpoints.find((endpoint) => endpoint.id === reference || endpoint.name.toLowerCase() === wanted);
  if (!found) {
    const names = endpoints.length === 0 ? 'There are none yet: add one with "enclave endpoints add <name> <base-url>".' : 'See "enclave endpoints list".';
    throw new EnclaveError('not-found', `No remote endpoint "${reference}". ${names}`);
  }
  return found;
}

/** Where the endpoint's API key is kept, in a few words. */
export function describeKeyStorage(endpoint: EndpointInfo): string {
  switch (endpoint.keyStorage) {
    case 'none':
      return 'no key';
    case 'env':
      return `$${endpoint.keyEnvVar ?? '?'}`;
    case 'file':
      return 'key file (owner-only)';
    case 'keychain':
      return 'OS keychain';
  }
}

/** The CLI's fallback key file: there is no OS keychain in a terminal session. */
export function keyFilePath(session: Session): string {
  return path.join(session.core.status.dataDir, 'endpoint-keys.json');
}
