import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { combinedSha256, loadPolicy } from '../../../electron/core/policy/index.js';
import { parseRegQuery } from '../../../electron/core/policy/windowsRegistry.js';
import { fakeMachine, type FakeRegistryValue } from './fakeMachine.js';

const sha = (content: string) => crypto.createHash('sha256').update(content).digest('hex');
const policyKey = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Enclave';
const windowsFile = 'C:\\ProgramData\\Enclave\\policy.json';
const macFile = '/Library/Application Support/Enclave/policy.json';
const macPreferences = '/Library/Managed Preferences/org.enclave.desktop.plist';

/** Windows with its ProgramData where a standard install puts it, the policy file and Group Policy's values as given. */
function windows(file: string | null, values: Record<string, FakeRegistryValue> | null) {
  const access = fakeMachine({
    files: file === null ? {} : { [windowsFile]: file },
    registry: {
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList': { ProgramData: ['REG_EXPAND_SZ', '%SystemDrive%\\ProgramData'] },
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion': { ProgramFilesDir: ['REG_SZ', 'C:\\Program Files'] },
      ...(values === null ? {} : { [policyKey]: values }),
    },
  });
  return loadPolicy({ env: {}, platform: 'win32', access, allowPolicyFile: false });
}

function mac(file: string | null, preferences: Record<string, unknown> | null) {
  const access = fakeMachine({
    files: { ...(file === null ? {} : { [macFile]: file }), ...(preferences === null ? {} : { [macPreferences]: 'bplist00…' }) },
    plists: preferences === null ? {} : { [macPreferences]: preferences },
  });
  return { access, loaded: loadPolicy({ env: {}, platform: 'darwin', access, allowPolicyFile: false }) };
}

describe('reg.exe query output', () => {
  it('reads each supported type, empty data, and values in subkeys under their dotted names', () => {
    const text = [
      '',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Enclave',
      '    name    REG_SZ    Contoso IT  (Legal)',
      '    audit.retentionDays    REG_DWORD    0x5a',
      '    network.endpoints    REG_MULTI_SZ    https://a.example/v1\\0https://b.example/v1',
      '    dlp.customTerms    REG_MULTI_SZ',
      '    storage.encryption    REG_EXPAND_SZ    required',
      '    blob    REG_BINARY    00FF',
      '',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Enclave\\network',
      '    mode    REG_SZ    allowlist',
      '',
    ].join('\r\n');
    const { values, problems } = parseRegQuery(text, 'HKLM\\SOFTWARE\\Policies\\Enclave');
    expect(Object.fromEntries(values)).toEqual({
      name: { type: 'REG_SZ', value: 'Contoso IT  (Legal)' },
      'audit.retentionDays': { type: 'REG_DWORD', value: 90 },
      'network.endpoints': { type: 'REG_MULTI_SZ', value: ['https://a.example/v1', 'https://b.example/v1'] },
      'dlp.customTerms': { type: 'REG_MULTI_SZ', value: [] },
      'storage.encryption': { type: 'REG_EXPAND_SZ', value: 'required' },
      'network.mode': { type: 'REG_SZ', value: 'allowlist' },
    });
    expect(problems).toEqual([expect.stringMatching(/^blob is REG_BINARY/) as string]);
  });
});

describe('Windows: the ProgramData file, then Group Policy on top', () => {
  const file = JSON.stringify({ name: 'From the file', network: { mode: 'allowlist', endpoints: ['https://file.example/v1'] }, dlp: { customTerms: ['Falcon'] } });

  it('merges the registry values over the file, key by key, and records both with their hashes', () => {
    const loaded = windows(file, { name: ['REG_SZ', 'Contoso IT'], 'network.endpoints': ['REG_MULTI_SZ', 'https://gpo.example/v1'] });
    expect(loaded.source.status).toBe('loaded');
    expect(loaded.policy.name).toBe('Contoso IT');
    // network.mode from the file, its endpoints replaced whole by Group Policy's.
    expect(loaded.policy.network).toMatchObject({ mode: 'allowlist', endpoints: ['https://gpo.example/v1'] });
    expect(loaded.policy.dlp.customTerms).toEqual(['Falcon']);
    expect(loaded.source.layers?.map(({ kind, location }) => [kind, location])).toEqual([
      ['file', windowsFile],
      ['registry', 'HKLM\\SOFTWARE\\Policies\\Enclave'],
    ]);
    expect(loaded.source.layers?.[0]?.sha256).toBe(sha(file));
    expect(loaded.sha256).toBe(combinedSha256(loaded.source.layers ?? []));
    expect(loaded.sha256).not.toBe(sha(file));
  });

  it('reads Group Policy alone when there is no file, and nothing at all as missing: offline', () => {
    expect(windows(null, { 'network.mode': ['REG_SZ', 'offline'], name: ['REG_SZ', 'Contoso IT'] })).toMatchObject({ source: { status: 'loaded', path: windowsFile }, policy: { name: 'Contoso IT' } });
    expect(windows(null, null)).toMatchObject({ source: { status: 'missing' }, policy: { network: { mode: 'offline' } } });
  });

  it('is invalid, and offline, when a registry value is not a policy setting, naming it', () => {
    const loaded = windows(file, { 'network.endpionts': ['REG_MULTI_SZ', 'https://gpo.example/v1'] });
    expect(loaded.source.status).toBe('invalid');
    expect(loaded.policy.network.mode).toBe('offline');
    expect(loaded.source.error).toMatch(/registry key HKLM\\SOFTWARE\\Policies\\Enclave is invalid: .*network\.endpionts/);
  });

  it('names the registry key when the merged policy breaks the schema at a value it set', () => {
    const loaded = windows(file, { 'network.endpoints': ['REG_MULTI_SZ', 'ftp://gpo.example'] });
    expect(loaded.source.status).toBe('invalid');
    expect(loaded.source.error).toMatch(/^The registry key HKLM\\SOFTWARE\\Policies\\Enclave is invalid: network\.endpoints\[0\]: "ftp:\/\/gpo\.example" must start with https/);
  });

  it('fails closed when reg.exe cannot run: the registry unread is not "no Group Policy"', () => {
    const access = fakeMachine({ files: { [windowsFile]: file } });
    const broken = { ...access, run: () => ({ status: null, stdout: '', stderr: 'spawn C:\\Windows\\System32\\reg.exe ENOENT' }) };
    const loaded = loadPolicy({ env: {}, platform: 'win32', access: broken, allowPolicyFile: false });
    expect(loaded.source.status).toBe('invalid');
    expect(loaded.source.error).toMatch(/registry key HKLM\\SOFTWARE\\Policies\\Enclave could not be read/);
  });
});

describe('macOS: the Application Support file, then the managed preferences on top', () => {
  it('merges a configuration profile\'s preferences over the file, through plutil, leaving Payload keys out', () => {
    const file = JSON.stringify({ name: 'From the file', routing: { dlpFindingsStayLocal: true } });
    const { access, loaded } = mac(file, { name: 'Contoso IT', network: { mode: 'allowlist', endpoints: ['https://mdm.example/v1'] }, PayloadUUID: 'x' });
    expect(loaded.source.status).toBe('loaded');
    expect(loaded.policy).toMatchObject({ name: 'Contoso IT', routing: { dlpFindingsStayLocal: true }, network: { endpoints: ['https://mdm.example/v1'] } });
    expect(loaded.source.layers?.map((layer) => layer.kind)).toEqual(['file', 'managed-preferences']);
    expect(loaded.source.layers?.[1]?.sha256).toBe(sha('bplist00…'));
    expect(access.commands).toEqual([['/usr/bin/plutil', '-convert', 'json', '-o', '-', macPreferences]]);
  });

  it('names the managed preferences when they break the schema, or cannot be converted', () => {
    expect(mac(null, { network: { mode: 'online' } }).loaded.source.error).toMatch(/^The managed preferences \/Library\/Managed Preferences\/org\.enclave\.desktop\.plist is invalid: network\.mode/);
    const unconvertible = fakeMachine({ files: { [macPreferences]: 'bplist00…' } });
    const loaded = loadPolicy({ env: {}, platform: 'darwin', access: unconvertible, allowPolicyFile: false });
    expect(loaded.source).toMatchObject({ status: 'invalid', error: expect.stringMatching(/managed preferences .* could not be read \(plutil could not convert it/) as string });
  });

  it('reads the file alone when no profile is installed', () => {
    expect(mac('{"name": "Contoso IT"}', null).loaded).toMatchObject({ source: { status: 'loaded', layers: [{ kind: 'file', location: macFile }] }, sha256: sha('{"name": "Contoso IT"}') });
  });
});
