import { describe, expect, it } from 'vitest';
import type { PolicyStatus } from '../../../electron/shared/remote.js';
import { remoteOffReason } from '../../../renderer/src/features/remote/remoteOff.js';
import { formatCost, formatDay } from '../../../renderer/src/features/usage/moneyAndDays.js';

/**
 * The Usage page's one money format and one date format, and the one line that stands in for remote
 * features under an offline policy. The pages themselves are tested in test/e2e/remote.e2e.test.ts.
 */
describe('formatCost', () => {
  it('writes every sum to the cent, and a sum under a cent as "< $0.01" rather than a long decimal', () => {
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(0.00004)).toBe('< $0.01');
    expect(formatCost(0.0049)).toBe('< $0.01');
    expect(formatCost(0.0149)).toBe('$0.01');
    expect(formatCost(0.01)).toBe('$0.01');
    expect(formatCost(1234.5)).toBe('$1,234.50');
  });
});

describe('formatDay', () => {
  it('writes a report day as the rest of the app writes dates, not as ISO', () => {
    expect(formatDay('2026-12-03')).toBe(new Date(2026, 11, 3).toLocaleDateString(undefined, { dateStyle: 'medium' }));
    expect(formatDay('2026-12-03')).not.toContain('2026-12');
  });
});

describe('remoteOffReason', () => {
  const base: PolicyStatus = {
    source: { path: '/etc/enclave/policy.json', origin: 'machine', status: 'loaded' },
    networkMode: 'offline',
    allowedEndpoints: [],
    allowDocumentPassages: false,
    chatExportRefusal: null,
    locks: { reason: '', settings: [{ key: 'network', label: 'Remote endpoints', value: 'none', setBy: 'Contoso IT' }] },
  };

  it('names who keeps Enclave offline', () => {
    expect(remoteOffReason(base)).toBe('the machine policy of Contoso IT keeps everything on this computer');
    expect(remoteOffReason({ ...base, source: { ...base.source, status: 'missing' } })).toBe('there is no machine policy');
    expect(remoteOffReason({ ...base, source: { ...base.source, status: 'invalid' } })).toBe('the machine policy is invalid');
  });

  it('says nothing when the policy allows endpoints', () => {
    expect(remoteOffReason({ ...base, networkMode: 'allowlist', allowedEndpoints: ['https://llm.example/v1'] })).toBeNull();
  });
});
