import { describe, expect, it } from 'vitest';
import { checkOutgoingTexts, createDlpScanner, summarizeFindings } from '../../../electron/core/dlp/index.js';
import { policySchema } from '../../../electron/shared/policy.js';

function dlpPolicy(dlp: object) {
  return policySchema.parse({ dlp }).dlp;
}

describe('checking an outgoing request against the DLP policy', () => {
  const text = 'Ask jane@example.com about 555-123-4567 from 10.0.0.7.';

  it('is clean without findings, and sends the texts unchanged', () => {
    const policy = dlpPolicy({});
    const check = checkOutgoingTexts(['Nothing to see here.', 'Nor here.'], policy, createDlpScanner(policy));
    expect(check).toMatchObject({ verdict: 'clean', findings: [], blocking: [], warnings: [], texts: ['Nothing to see here.', 'Nor here.'] });
    expect(check.summary).toEqual({ total: 0, byDetector: {}, byAction: {} });
  });

  it('blocks by default, and says which findings block', () => {
    const policy = dlpPolicy({});
    const check = checkOutgoingTexts(['hello', text], policy, createDlpScanner(policy));
    expect(check.verdict).toBe('block');
    expect(check.blocking.map((finding) => [finding.detector, finding.textIndex])).toEqual([
      ['email', 1],
      ['phone', 1],
      ['ipAddress', 1],
    ]);
  });

  it('redacts what the policy says to redact and lists what needs a confirmation', () => {
    const policy = dlpPolicy({ actions: { email: 'redact', phone: 'redact', ipAddress: 'warn' } });
    const check = checkOutgoingTexts([text], policy, createDlpScanner(policy));
    expect(check.verdict).toBe('warn');
    expect(check.blocking).toEqual([]);
    expect(check.warnings.map((finding) => finding.text)).toEqual(['10.0.0.7']);
    expect(check.texts).toEqual(['Ask [EMAIL_1] about [PHONE_1] from 10.0.0.7.']);
    expect(check.restorations.get('[PHONE_1]')).toBe('555-123-4567');
  });

  it('is a plain redaction when every finding is redacted', () => {
    const policy = dlpPolicy({ actions: { email: 'redact', phone: 'redact', ipAddress: 'redact' } });
    const check = checkOutgoingTexts([text], policy, createDlpScanner(policy));
    expect(check.verdict).toBe('redact');
    expect(check.texts).toEqual(['Ask [EMAIL_1] about [PHONE_1] from [IP_1].']);
  });

  it('gives a merged finding the strictest action of its detectors', () => {
    const policy = dlpPolicy({ actions: { email: 'warn', customTerm: 'redact' }, customTerms: ['falcon'] });
    const check = checkOutgoingTexts(['write to falcon@example.com'], policy, createDlpScanner(policy));
    expect(check.findings).toMatchObject([{ detector: 'email', alsoDetected: ['customTerm'], action: 'redact' }]);
    expect(check.texts).toEqual(['write to [EMAIL_1]']);
  });

  it('summarises counts only, with no sensitive value in it', () => {
    const policy = dlpPolicy({ actions: { email: 'redact', phone: 'warn' } });
    const check = checkOutgoingTexts([text, 'again jane@example.com'], policy, createDlpScanner(policy));
    expect(check.summary).toEqual({ total: 4, byDetector: { email: 2, phone: 1, ipAddress: 1 }, byAction: { block: 1, redact: 2, warn: 1 } });
    expect(JSON.stringify(check.summary)).not.toMatch(/jane|555|10\.0/);
    expect(summarizeFindings([{ detector: 'iban' }])).toEqual({ total: 1, byDetector: { iban: 1 }, byAction: {} });
  });
});
