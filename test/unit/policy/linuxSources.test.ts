import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { combinedSha256, loadPolicy } from '../../../electron/core/policy/index.js';
import { mergeLayers } from '../../../electron/core/policy/mergeLayers.js';
import { useTempDir } from '../../support/tempDir.js';

const tempDir = useTempDir('enclave-policy-linux-');
const sha = (content: string) => crypto.createHash('sha256').update(content).digest('hex');

/** A machine root with /etc/enclave/policy.json and policy.d/* as given (null: absent), read as Linux reads them. */
function machine(files: Record<string, string>) {
  const root = tempDir();
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, 'etc/enclave', name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
  return { root, etc: path.join(root, 'etc/enclave'), load: () => loadPolicy({ env: {}, platform: 'linux', root, allowPolicyFile: false }) };
}

describe('precedence', () => {
  it('merges objects key by key and replaces arrays and scalars, the later source winning', () => {
    expect(
      mergeLayers([
        { name: 'A', network: { mode: 'allowlist', endpoints: ['https://a/v1', 'https://b/v1'] }, dlp: { actions: { email: 'warn' } } },
        { network: { endpoints: ['https://c/v1'] }, dlp: { actions: { phone: 'redact' } } },
        { name: 'C' },
      ]),
    ).toEqual({ name: 'C', network: { mode: 'allowlist', endpoints: ['https://c/v1'] }, dlp: { actions: { email: 'warn', phone: 'redact' } } });
  });

  it('keeps a "__proto__" key as a setting (the schema refuses it) rather than a prototype', () => {
    const merged = mergeLayers([{}, JSON.parse('{"__proto__": {"polluted": true}}') as unknown]) as Record<string, unknown>;
    expect(Object.keys(merged)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('Linux: /etc/enclave/policy.json, then policy.d/*.json in lexical order', () => {
  it('reads nothing as missing: offline', () => {
    const { etc, load } = machine({});
    expect(load()).toEqual({ policy: expect.objectContaining({ network: { mode: 'offline' } }) as object, source: { path: path.join(etc, 'policy.json'), origin: 'machine', status: 'missing' } });
  });

  it('merges the fragments over the file in lexical order, skipping other files, and records each with its hash', () => {
    const base = '{"name": "Contoso IT", "network": {"mode": "allowlist", "endpoints": ["https://base.example/v1"]}}';
    const network = '{"network": {"endpoints": ["https://fragment.example/v1"]}}';
    const terms = '{"dlp": {"customTerms": ["Falcon"]}, "name": "Contoso Legal"}';
    const { etc, load } = machine({ 'policy.json': base, 'policy.d/20-terms.json': terms, 'policy.d/10-network.json': network, 'policy.d/README': 'x', 'policy.d/.30-draft.json': '{' });
    const loaded = load();
    expect(loaded.source.status).toBe('loaded');
    expect(loaded.policy.name).toBe('Contoso Legal');
    expect(loaded.policy.network).toMatchObject({ mode: 'allowlist', endpoints: ['https://fragment.example/v1'] });
    expect(loaded.policy.dlp.customTerms).toEqual(['Falcon']);
    expect(loaded.source.layers).toEqual([
      { kind: 'file', location: path.join(etc, 'policy.json'), sha256: sha(base) },
      { kind: 'file', location: path.join(etc, 'policy.d/10-network.json'), sha256: sha(network) },
      { kind: 'file', location: path.join(etc, 'policy.d/20-terms.json'), sha256: sha(terms) },
    ]);
    const lines = loaded.source.layers!.map((layer) => `file ${layer.location} ${layer.sha256}\n`).join('');
    expect(loaded.sha256).toBe(sha(lines));
    expect(combinedSha256(loaded.source.layers!.slice(0, 1))).toBe(sha(base));
  });

  it('reads the fragments alone when there is no policy.json', () => {
    const { load } = machine({ 'policy.d/10-offline.json': '{"name": "Contoso IT"}' });
    expect(load()).toMatchObject({ source: { status: 'loaded' }, policy: { name: 'Contoso IT', network: { mode: 'offline' } } });
  });

  it('is invalid as a whole when one fragment is, naming the fragment and its line', () => {
    const { etc, load } = machine({
      'policy.json': '{"network": {"mode": "allowlist", "endpoints": ["https://base.example/v1"]}}',
      'policy.d/10-network.json': '{\n  "network": {\n    "endpoints": ["ftp://x"]\n  }\n}',
    });
    const loaded = load();
    expect(loaded.policy.network.mode).toBe('offline');
    expect(loaded.source.status).toBe('invalid');
    expect(loaded.source.error).toBe(
      `The policy file ${path.join(etc, 'policy.d/10-network.json')} is invalid: line 3, network.endpoints[0]: "ftp://x" must start with https:// (or http://). Enclave stays offline until it is fixed.`,
    );
    // Its hash is still recorded: the audit trail says which content was refused.
    expect(loaded.source.layers).toHaveLength(2);
  });

  it('names a fragment that is not JSON, and blames a value no source sets on the base file', () => {
    expect(machine({ 'policy.json': '{}', 'policy.d/10-bad.json': '{"name": ' }).load().source.error).toMatch(/10-bad\.json is not valid JSON: line 1, column 10/);
    const { etc, load } = machine({ 'policy.json': '{"name": "Contoso IT"}', 'policy.d/10-mode.json': '{"network": {"mode": "allowlist"}}' });
    expect(load().source.error).toContain(`${path.join(etc, 'policy.d/10-mode.json')} is invalid: line 1, network.endpoints: missing`);
  });
});
