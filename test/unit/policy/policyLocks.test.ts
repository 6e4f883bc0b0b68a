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

  it('shows the later sections whether set or not, each with who set it', () => {
    const missing: LoadedPolicy = { policy: defaultPolicy(), source: { path: '/etc/enclave/policy.json', origin: 'machine', status: 'missing' } };
    expect(describePolicyLocks(missing).settings.every((setting) => setting.setBy === "Enclave's default (no machine policy)")).toBe(true);
    expect(valueOf(missing, 'models.allowed')).toBe('any model: no approved list');
    expect(valueOf(missing, 'retention.chatDays')).toBe('until the user deletes them');
    expect(valueOf(missing, 'export.allowed')).toBe('allowed');
    expect(valueOf(missing, 'audit.collector')).toBe('nowhere: kept on this machine');

    const policy = policySchema.parse({
      name: 'Contoso IT',
      models: { allowed: [{ sha256: 'a'.repeat(64), name: 'Approved' }, { sha256: 'b'.repeat(64) }] },
      retention: { chatDays: 90 },
      export: { allowed: false },
      storage: { encryption: 'required', allowPassphrase: false },
      audit: { retentionDays: 365, collector: { host: 'siem.internal.example', port: 6514 } },
    });
    const loaded: LoadedPolicy = { policy, source: { path: '/etc/enclave/policy.json', origin: 'machine', status: 'loaded' } };
    const settings = describePolicyLocks(loaded).settings;
    expect(settings.every((setting) => setting.setBy === 'Contoso IT')).toBe(true);
    expect(Object.fromEntries(settings.filter((setting) => /^(models|retention|export|storage|audit)\./.test(setting.key)).map((setting) => [setting.key, setting.value]))).toEqual({
      'models.allowed': '2 listed models and those bundled with Enclave; no other model loads',
      'models.allowSideloaded': 'do not load',
      'retention.chatDays': '90 days after their last activity, then erased',
      'export.allowed': 'not allowed',
      'storage.encryption': 'required',
      'storage.allowPassphrase': 'not allowed: the OS keychain only',
      'audit.retentionDays': '365 days',
      'audit.collector': 'tls://siem.internal.example:6514',
    });
    const unnamed: LoadedPolicy = { policy: policySchema.parse({}), source: { path: '/etc/enclave/policy.json', origin: 'machine', status: 'loaded' } };
    expect(describePolicyLocks(unnamed).settings[0]?.setBy).toBe('the machine policy');
  });

  it('shows the local API server: off by default, and what a policy that enables it fixes', () => {
    const apiValues = (loaded: LoadedPolicy) =>
      Object.fromEntries(describePolicyLocks(loaded).settings.filter((setting) => setting.key.startsWith('apiServer.')).map((setting) => [setting.key, setting.value]));
    const missing: LoadedPolicy = { policy: defaultPolicy(), source: { path: '/etc/enclave/policy.json', origin: 'machine', status: 'missing' } };
    expect(apiValues(missing)).toEqual({
      'apiServer.enabled': 'no',
      'apiServer.allowLan': 'loopback only (this computer)',
      'apiServer.allowedOrigins': 'none',
      'apiServer.maxConcurrentRequests': '4',
    });

    const policy = policySchema.parse({
      apiServer: { enabled: true, allowLan: true, allowedOrigins: ['https://notebook.internal.example', 'http://localhost:3000'], maxConcurrentRequests: 2 },
    });
    const loaded: LoadedPolicy = { policy, source: { path: '/etc/enclave/policy.json', origin: 'machine', status: 'loaded' } };
    expect(apiValues(loaded)).toEqual({
      'apiServer.enabled': 'yes',
      'apiServer.allowLan': 'allowed on the network',
      'apiServer.allowedOrigins': '2 origins',
      'apiServer.maxConcurrentRequests': '2',
    });
    // The CLI lists the locks flat: each label says it is about the local API.
    const labels = describePolicyLocks(loaded).settings.filter((setting) => setting.key.startsWith('apiServer.')).map((setting) => setting.label);
    expect(labels.every((label) => label.startsWith('Local API: '))).toBe(true);
  });

  it('for an invalid file: the error that says what to fix', () => {
    const error = 'The policy file /etc/enclave/policy.json is invalid: line 3, network.mode: … Enclave stays offline until it is fixed.';
    const loaded: LoadedPolicy = { policy: defaultPolicy(), source: { path: '/etc/enclave/policy.json', origin: 'machine', status: 'invalid', error } };
    expect(describePolicyLocks(loaded).reason).toBe(error);
    expect(valueOf(loaded, 'network')).toBe('none: offline, local models only');
  });
});
