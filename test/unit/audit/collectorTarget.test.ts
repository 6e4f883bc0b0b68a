import { describe, expect, it } from 'vitest';
import { collectorTarget } from '../../../electron/core/audit/forwarding/collector.js';
import { type PolicyFile, policySchema } from '../../../electron/shared/policy.js';

const policyWith = (audit: PolicyFile['audit']) => policySchema.parse({ audit });

describe('the syslog collector a policy names (audit.collector)', () => {
  it('is none without the section: nothing is forwarded', () => {
    expect(collectorTarget(policySchema.parse({}))).toBeNull();
    expect(collectorTarget(policyWith({ retentionDays: 30 }))).toBeNull();
  });

  it('defaults to TLS on 6514 (RFC 5425), and plain TCP to 514', () => {
    expect(collectorTarget(policyWith({ collector: { host: 'siem.internal.example' } }))).toEqual({
      address: 'tls://siem.internal.example:6514',
      host: 'siem.internal.example',
      port: 6514,
      transport: 'tls',
      caFile: null,
    });
    expect(collectorTarget(policyWith({ collector: { host: '10.0.0.5', transport: 'tcp' } }))?.address).toBe('tcp://10.0.0.5:514');
  });

  it('writes an IPv6 address in brackets, and connects to it without them', () => {
    const target = collectorTarget(policyWith({ collector: { host: '[fd00::5]', port: 1514, caFile: '/etc/enclave/siem-ca.pem' } }));
    expect(target).toMatchObject({ address: 'tls://[fd00::5]:1514', host: 'fd00::5', caFile: '/etc/enclave/siem-ca.pem' });
    expect(collectorTarget(policyWith({ collector: { host: 'fd00::5' } }))?.address).toBe('tls://[fd00::5]:6514');
  });

  it.each(['https://siem.example', 'siem.example:6514', 'siem example', '', '-siem.example', 'siem.example/path'])('refuses "%s" as a host, in words', (host) => {
    const parsed = policySchema.safeParse({ audit: { collector: { host } } });
    expect(parsed.success).toBe(false);
  });

  it('refuses a port out of range, an unknown transport and an unknown key', () => {
    for (const collector of [{ host: 'a', port: 0 }, { host: 'a', port: 65536 }, { host: 'a', transport: 'udp' }, { host: 'a', tls: true }]) {
      expect(policySchema.safeParse({ audit: { collector } }).success).toBe(false);
    }
  });
});
