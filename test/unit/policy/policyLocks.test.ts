import { describe, expect, it } from 'vitest';
import { describePolicyLocks, type LoadedPolicy } from '../../../electron/core/policy/index.js';
import { defaultPolicy, policySchema } from '../../../electron/shared/policy.js';

function valueOf(loaded: LoadedPolicy, key: string): string | undefined {
  return describePolicyLocks(loaded).settings.find((setting) => setting.key === key)?.value;
}

describe('the settings the policy locks', () => {
  it('without a file: offline, with where an administrator can change that', () => {
    const loaded: LoadedPolicy = { policy: defaultPolicy(), source: { path: '/etc/enclave/policy.json', origin: 'machine', status: 'missing' } };
    const locks = describePolicyLocks(loaded);
    expect(locks.reason).toBe(
      'No machine policy at /etc/enclave/policy.json, so Enclave stays offline, its default; an administrator can allow remote endpoints there.',
    );
    expect(valueOf(loaded, 'network')).toBe('none: offline, local models only');
    expect(valueOf(loaded, 'dlp.actions.email')).toBe('block (the request is not sent)');
    expect(valueOf(loaded, 'dlp.allowDocumentPassages')).toBe('never: chats over documents stay local');
  });

  it('from a file: its values, who manages it, and every detector; terms counted, never listed', () => {
    const policy = policySchema.parse({
      name: 'Contoso IT',
      network: { mode: 'allowlist', endpoints: ['https://llm.internal.example/v1'] },
      dlp: { actions: { email: 'redact', phone: 'warn' }, customTerms: ['Project Falcon', 'Orion'], allowDocumentPassages: true },
      audit: { enabled: true },
    });
    const loaded: LoadedPolicy = { policy, source: { path: '/tmp/policy.json', origin: 'environment', status: 'loaded' } };
    const locks = describePolicyLocks(loaded);
    expect(locks.reason).toBe('Set by the machine policy of Contoso IT in /tmp/policy.json (from ENCLAVE_POLICY_FILE); only an administrator can change it.');
    expect(valueOf(loaded, 'network')).toBe('https://llm.internal.example/v1');
    expect(valueOf(loaded, 'dlp.actions.email')).toMatch(/^redact/);
    expect(valueOf(loaded, 'dlp.actions.phone')).toMatch(/^warn/);
    expect(valueOf(loaded, 'dlp.customTerms')).toBe('2 terms');
    expect(JSON.stringify(locks)).not.toContain('Falcon');
    expect(valueOf(loaded, 'dlp.allowDocumentPassages')).toBe('allowed');
    expect(valueOf(loaded, 'audit.enabled')).toBe('yes');
    expect(locks.settings.filter((setting) => setting.key.startsWith('dlp.actions.'))).toHaveLength(9);
  });

  it('for an invalid file: the error that says what to fix', () => {
    const error = 'The policy file /etc/enclave/policy.json is invalid: line 3, network.mode: … Enclave stays offline until it is fixed.';
    const loaded: LoadedPolicy = { policy: defaultPolicy(), source: { path: '/etc/enclave/policy.json', origin: 'machine', status: 'invalid', error } };
    expect(describePolicyLocks(loaded).reason).toBe(error);
    expect(valueOf(loaded, 'network')).toBe('none: offline, local models only');
  });
});
