import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../electron/core/policy/index.js';
import { defaultPolicy } from '../../../electron/shared/policy.js';
import { useTempDir } from '../../support/tempDir.js';

const tempDir = useTempDir('enclave-policy-');

/** Writes `content` as a policy file and loads it through ENCLAVE_POLICY_FILE, as tests and deployments do. */
function loadFrom(content: string | object) {
  const file = path.join(tempDir(), 'policy.json');
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return { file, loaded: loadPolicy({ env: { ENCLAVE_POLICY_FILE: file }, platform: 'linux' }) };
}

describe('loading the policy', () => {
  it('without a file, is offline with every DLP detector blocking', () => {
    const file = path.join(tempDir(), 'absent.json');
    const { policy, source } = loadPolicy({ env: { ENCLAVE_POLICY_FILE: file } });
    expect(source).toEqual({ path: file, origin: 'environment', status: 'missing' });
    expect(policy.network).toEqual({ mode: 'offline' });
    expect(Object.values(policy.dlp.actions).every((action) => action === 'block')).toBe(true);
    expect(policy.dlp.allowDocumentPassages).toBe(false);
    expect(policy.routing.confidentialCollectionsStayLocal).toBe(true);
  });

  it('reads an offline policy and an allowlist policy in the documented shapes', () => {
    expect(loadFrom({ network: { mode: 'offline' } }).loaded).toMatchObject({ policy: { network: { mode: 'offline' } }, source: { status: 'loaded' } });
    const { loaded } = loadFrom({ network: { mode: 'allowlist', endpoints: ['https://llm.internal.example/v1'] } });
    expect(loaded.source.status).toBe('loaded');
    expect(loaded.policy.network).toEqual({ mode: 'allowlist', endpoints: ['https://llm.internal.example/v1'], apiKeyEnvironmentVariables: [] });
  });

  it('fills every default and keeps what the file sets', () => {
    const { loaded } = loadFrom({
      version: 1,
      name: 'Contoso IT',
      network: { mode: 'allowlist', endpoints: ['https://llm.internal.example/v1'] },
      dlp: { actions: { email: 'redact', ipAddress: 'warn' }, customTerms: [' Project Falcon '], medicalRecordNumberPatterns: ['\\bMRN-\\d{8}\\b'] },
      routing: { dlpFindingsStayLocal: true },
      models: { allowed: [{ sha256: 'a'.repeat(64), name: 'Approved' }] },
    });
    expect(loaded.source.status).toBe('loaded');
    expect(loaded.policy.dlp.actions).toMatchObject({ email: 'redact', ipAddress: 'warn', ssn: 'block', phone: 'block' });
    expect(loaded.policy.dlp.customTerms).toEqual(['Project Falcon']);
    expect(loaded.policy.routing).toEqual({ confidentialCollectionsStayLocal: true, dlpFindingsStayLocal: true });
    expect(loaded.policy.models?.allowed).toEqual([{ sha256: 'a'.repeat(64), name: 'Approved' }]);
  });

  it('accepts a file saved with a byte-order mark (Notepad)', () => {
    expect(loadFrom('\uFEFF{"network": {"mode": "offline"}}').loaded.source.status).toBe('loaded');
  });

  it('stays offline on a JSON syntax error and says where, by line and column', () => {
    const { file, loaded } = loadFrom('{\n  "network": {\n    "mode": "allowlist",\n    "endpoints": ["https://llm.internal.example/v1",]\n  }\n}\n');
    expect(loaded.policy).toEqual(defaultPolicy());
    expect(loaded.source.status).toBe('invalid');
    expect(loaded.source.error).toContain(file);
    expect(loaded.source.error).toMatch(/not valid JSON: line 4, column 52: a trailing comma before "\]"/);
    expect(loaded.source.error).toMatch(/stays offline/);
  });

  it.each([
    ['{"network": {"mode": "offline"}', /line 1, column 32: expected "," or "}", found the end of the file/],
    ["{'network': 1}", /line 1, column 2: strings and names must use double quotes/],
    ['{"dlp": {"medicalRecordNumberPatterns": ["\\d+"]}}', /line 1, column 43: invalid escape in a string \(write a backslash as \\\\\)/],
    ['{"network": {"mode": offline}}', /line 1, column 22: expected a value, found "o"/],
    ['', /line 1, column 1: expected a value, found the end of the file/],
    ['{} {}', /line 1, column 4: unexpected "{" after the end of the JSON value/],
  ])('explains the JSON syntax error in %j', (content, message) => {
    const { loaded } = loadFrom(content);
    expect(loaded.source.status).toBe('invalid');
    expect(loaded.source.error).toMatch(message);
  });

  it.each([
    [{ network: { mode: 'online' } }, /line 3, network\.mode: network\.mode must be "offline" or "allowlist"/],
    [{ network: { mode: 'allowlist' } }, /line 2, network\.endpoints: missing \(expected an array\)/],
    [{ network: { mode: 'allowlist', endpoints: [] } }, /network\.endpoints: network\.endpoints must list at least one URL/],
    [{ network: { mode: 'allowlist', endpoints: ['ftp://files.example'] } }, /line 5, network\.endpoints\[0\]: "ftp:\/\/files\.example" must start with https:\/\//],
    [{ network: { mode: 'allowlist', endpoints: ['https://user:secret@llm.example/v1'] } }, /must not contain a user name or password/],
    [{ network: { mode: 'allowlist', endpoints: ['https://llm.example/v1?key=1'] } }, /must not have a query/],
    [{ network: { mode: 'allowlist', endpoints: ['llm.example'] } }, /"llm\.example" is not a URL/],
    [{ network: { mode: 'offline', endpionts: [] } }, /line 4, network\.endpionts: unknown setting "endpionts" \(check the spelling\)/],
    [{ dlp: { actions: { email: 'mask' } } }, /line 4, dlp\.actions\.email: must be one of "block", "redact", "warn"/],
    [{ dlp: { actions: { fax: 'block' } } }, /dlp\.actions\.fax: unknown setting "fax"/],
    [{ dlp: { medicalRecordNumberPatterns: ['(MRN'] } }, /dlp\.medicalRecordNumberPatterns\[0\]: "\(MRN" is not a valid regular expression/],
    [{ dlp: { medicalRecordNumberPatterns: ['\\d*'] } }, /matches empty text/],
    [{ dlp: { allowDocumentPassages: 'yes' } }, /dlp\.allowDocumentPassages: expected a boolean, not a string/],
    [{ models: { allowed: [{ sha256: 'abc' }] } }, /models\.allowed\[0\]\.sha256: must be a SHA-256 in hex/],
    // The reserved keys of the first format, never enforced, are gone: a file that still has one says so.
    [{ models: { approvedSha256: ['a'.repeat(64)] } }, /models\.approvedSha256: unknown setting/],
    [{ retention: { chatDays: 0 } }, /retention\.chatDays: /],
    [{ export: { allowChatExport: false } }, /export\.allowChatExport: unknown setting/],
    [{ version: 2 }, /line 2, version: must be one of 1/],
    [[], /the top level: expected an object, not an array/],
  ])('stays offline on a schema violation and names the field: %j', (content, message) => {
    const { file, loaded } = loadFrom(content);
    expect(loaded.policy).toEqual(defaultPolicy());
    expect(loaded.source).toMatchObject({ path: file, status: 'invalid' });
    expect(loaded.source.error).toMatch(message);
  });

  it('lists the first problems and counts the rest', () => {
    const { loaded } = loadFrom({ dlp: { actions: { email: 'x', phone: 'x', ssn: 'x', iban: 'x', creditCard: 'x' } } });
    expect(loaded.source.error).toMatch(/dlp\.actions\.email.*; .*dlp\.actions\.phone.*; .*dlp\.actions\.ssn.* \(and 2 more problems\)/);
  });

  it('stays offline when the file cannot be read', () => {
    const folder = tempDir();
    const { policy, source } = loadPolicy({ env: { ENCLAVE_POLICY_FILE: folder } });
    expect(policy.network.mode).toBe('offline');
    expect(source.status).toBe('invalid');
    expect(source.error).toMatch(/could not be read \(it is a folder\)/);
  });
});
