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
    const response = await base(input, { ...init, headers, redirect: 'manual' });
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw redirectRefused(url, response.status, response.headers.get('location'));
    }
    return response;
  };
}

/** A redirect, said as one: where it pointed, why it is not followed, and what IT can do. */
function redirectRefused(url: string, status: number, location: string | null): EnclaveError {
  const host = new URL(url).host;
  const target = location ? ` to ${location.slice(0, 200)}` : '';
  return new EnclaveError(
    'remote-redirected',
    `${host} answered with a redirect (${status})${target}. Enclave does not follow redirects, which could lead outside ` +
      'the machine policy; if IT allows the new address, use it as the endpoint\'s base URL.',
  );
}
