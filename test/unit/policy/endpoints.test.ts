import { describe, expect, it } from 'vitest';
import { isEndpointAllowed } from '../../../electron/core/policy/index.js';
import type { NetworkPolicy } from '../../../electron/shared/policy.js';

const allowlist: NetworkPolicy = {
  mode: 'allowlist',
  endpoints: ['https://llm.internal.example/v1', 'http://gpu-box.lan:8080/', 'https://other.example:8443/api/'],
  apiKeyEnvironmentVariables: [],
};

const allowed = (url: string, network: NetworkPolicy = allowlist) => isEndpointAllowed(network, url).allowed;

describe('the endpoint allowlist', () => {
  it.each([
    'https://llm.internal.example/v1',
    'https://llm.internal.example/v1/',
    'https://llm.internal.example/v1/chat/completions',
    'https://llm.internal.example/v1/models?limit=5',
    'https://LLM.Internal.Example/v1/chat/completions',
    'https://llm.internal.example:443/v1/chat/completions',
    'http://gpu-box.lan:8080/v1/chat/completions',
    'https://other.example:8443/api/generate',
    'https://other.example:8443/api',
  ])('allows %s', (url) => {
    expect(allowed(url)).toBe(true);
  });

  it.each([
    ['a sibling path that only starts alike', 'https://llm.internal.example/v10'],
    ['a path above the base', 'https://llm.internal.example/'],
    ['another path', 'https://llm.internal.example/admin'],
    ['a longer host ending alike', 'https://llm.internal.example.evil.com/v1'],
    ['a host ending alike', 'https://evil-llm.internal.example/v1'],
    ['a subdomain', 'https://x.llm.internal.example/v1'],
    ['plain http where https is listed', 'http://llm.internal.example/v1/chat/completions'],
    ['https where http is listed', 'https://gpu-box.lan:8080/v1'],
    ['another port', 'https://llm.internal.example:8443/v1'],
    ['the default port where another is listed', 'http://gpu-box.lan/v1'],
    ['a dot-dot path leaving the base', 'https://llm.internal.example/v1/../admin'],
    ['an encoded dot-dot path', 'https://llm.internal.example/v1/%2e%2e/admin'],
    ['an encoded slash', 'https://llm.internal.example/v1%2F..%2Fadmin'],
    ['credentials that move the host', 'https://llm.internal.example@evil.com/v1'],
    ['credentials on the right host', 'https://user:pw@llm.internal.example/v1'],
    ['another scheme', 'ftp://llm.internal.example/v1'],
    ['no URL at all', 'llm.internal.example/v1'],
  ])('refuses %s: %s', (_case, url) => {
    expect(allowed(url)).toBe(false);
  });

  it('refuses everything when offline, and says why', () => {
    expect(isEndpointAllowed({ mode: 'offline' }, 'https://llm.internal.example/v1')).toEqual({
      allowed: false,
      reason: 'The machine policy keeps Enclave offline: no remote endpoint is allowed.',
    });
  });

  it('names the refused URL without its query, which may carry keys', () => {
    const decision = isEndpointAllowed(allowlist, 'https://elsewhere.example/v1/chat?api_key=secret');
    expect(decision).toEqual({ allowed: false, reason: '"https://elsewhere.example/v1/chat" is not one of the endpoints the machine policy allows.' });
  });
});
