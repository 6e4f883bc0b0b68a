import type { NetworkPolicy } from '../../shared/policy.js';

export type EndpointDecision = { allowed: true } | { allowed: false; reason: string };

/** A URL reduced to what the allowlist compares: scheme, host, port (default filled in) and path. */
interface NormalizedUrl {
  protocol: string;
  hostname: string;
  port: string;
  pathname: string;
}

const defaultPorts: Record<string, string> = { 'https:': '443', 'http:': '80' };

/**
 * Whether a request to `url` is allowed. It is when the policy is an allowlist and one entry has the
 * same scheme, host and port, and a path that is the entry's path or goes on below it at a "/":
 * `https://llm.internal.example/v1` allows `…/v1/chat/completions`, not `…/v10` nor
 * `https://llm.internal.example.evil.com/v1`. Parsing is WHATWG's, as `fetch` does, so the host and
 * path compared are the ones a request would use (`..` resolved, case and default port normalised).
 */
export function isEndpointAllowed(network: NetworkPolicy, url: string): EndpointDecision {
  if (network.mode === 'offline') return { allowed: false, reason: 'The machine policy keeps Enclave offline: no remote endpoint is allowed.' };
  const target = normalizeUrl(url);
  if (!target) return { allowed: false, reason: `"${displayUrl(url)}" is not an http or https URL.` };
  if (hasCredentials(url)) return { allowed: false, reason: `"${displayUrl(url)}" carries a user name or password, which the policy does not allow.` };
  if (/%2f|%5c/i.test(target.pathname)) {
    // An encoded slash could reach another path on a server that decodes it; never worth the doubt.
    return { allowed: false, reason: `"${url}" has an encoded "/" or "\\" in its path, which the policy does not allow.` };
  }
  const allowed = network.endpoints.some((endpoint) => {
    const base = normalizeUrl(endpoint);
    return base !== null && matchesBase(target, base);
  });
  return allowed ? { allowed: true } : { allowed: false, reason: `"${displayUrl(url)}" is not one of the endpoints the machine policy allows.` };
}

function matchesBase(target: NormalizedUrl, base: NormalizedUrl): boolean {
  if (target.protocol !== base.protocol || target.hostname !== base.hostname || target.port !== base.port) return false;
  const basePath = base.pathname.replace(/\/+$/, '');
  return basePath === '' || target.pathname === basePath || target.pathname.startsWith(`${basePath}/`);
}

function normalizeUrl(raw: string): NormalizedUrl | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const defaultPort = defaultPorts[url.protocol];
  if (defaultPort === undefined) return null;
  return { protocol: url.protocol, hostname: url.hostname, port: url.port || defaultPort, pathname: url.pathname };
}

function hasCredentials(raw: string): boolean {
  const url = new URL(raw);
  return url.username !== '' || url.password !== '';
}

/** Without credentials or a query, which may carry keys or user text, for a message the user and the audit see. */
function displayUrl(raw: string): string {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return raw;
  }
}
