import type { NetworkPolicy } from '../../shared/policy.js';
import { EnclaveError } from '../errors.js';
import { isEndpointAllowed } from '../policy/endpoints.js';

/**
 * The only way a remote request leaves Enclave: every URL is checked against the machine policy at
 * the moment of the request (not only when the endpoint was added; the policy may have changed), so
 * a redirect target, a retry, or a path the client library builds is held to the same allowlist.
 * It also drops what an endpoint does not need to know: the client library's `x-stainless-*`
 * headers (OS, architecture, runtime version) and, for an endpoint without a key, the placeholder
 * Authorization header.
 */
export function guardedFetch(network: () => NetworkPolicy, hasKey: boolean, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const decision = isEndpointAllowed(network(), url);
    if (!decision.allowed) throw new EnclaveError('remote-not-allowed', decision.reason);
    const headers = new Headers(init?.headers);
    for (const name of [...headers.keys()]) if (name.startsWith('x-stainless-')) headers.delete(name);
    if (!hasKey) headers.delete('authorization');
    // Redirects are not followed: a 3xx to another host would otherwise leave the allowlist's reach.
    return base(input, { ...init, headers, redirect: 'error' });
  };
}
