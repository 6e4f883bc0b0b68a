import { describe, expect, it } from 'vitest';
import { policySources } from '../../../electron/core/policy/index.js';
import { fakeMachine } from './fakeMachine.js';

/** Every variable a user could set to move the machine policy somewhere they can write. */
const hostileEnvironment: NodeJS.ProcessEnv = {
  ProgramData: 'C:\\Users\\bob\\fake',
  PROGRAMDATA: 'C:\\Users\\bob\\fake',
  ALLUSERSPROFILE: 'C:\\Users\\bob\\fake',
  SystemDrive: 'Z:',
  SYSTEMDRIVE: 'Z:',
  SystemRoot: 'Z:\\Windows',
  windir: 'Z:\\Windows',
  ProgramFiles: 'Z:\\Program Files',
  USERPROFILE: 'C:\\Users\\bob',
  APPDATA: 'C:\\Users\\bob\\AppData\\Roaming',
  LOCALAPPDATA: 'C:\\Users\\bob\\AppData\\Local',
  HOME: '/home/bob',
  XDG_CONFIG_HOME: '/home/bob/.config',
  XDG_CONFIG_DIRS: '/home/bob/etc',
  XDG_DATA_HOME: '/home/bob/.local/share',
  XDG_DATA_DIRS: '/home/bob/share',
  PATH: '/home/bob/bin:C:\\Users\\bob\\bin',
  ENCLAVE_POLICY_FILE: '/home/bob/loose-policy.json',
  ENCLAVE_DATA_DIR: '/home/bob/data',
};

/** A Windows registry as a standard install leaves it. */
const windowsRegistry = {
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList': { ProgramData: ['REG_EXPAND_SZ', '%SystemDrive%\\ProgramData'] as [string, string] },
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion': { ProgramFilesDir: ['REG_SZ', 'C:\\Program Files'] as [string, string] },
};

describe('where the machine policy is looked for', () => {
  it('is a machine-wide place per OS, outside any user folder, with its sources in precedence order', () => {
    expect(policySources({ env: {}, platform: 'linux' })).toEqual({
      origin: 'machine',
      path: '/etc/enclave/policy.json',
      sources: [
        { kind: 'file', path: '/etc/enclave/policy.json' },
        { kind: 'folder', path: '/etc/enclave/policy.d' },
      ],
    });
    expect(policySources({ env: {}, platform: 'darwin' })).toEqual({
      origin: 'machine',
      path: '/Library/Application Support/Enclave/policy.json',
      sources: [
        { kind: 'file', path: '/Library/Application Support/Enclave/policy.json' },
        { kind: 'managed-preferences', path: '/Library/Managed Preferences/org.enclave.desktop.plist' },
      ],
    });
    expect(policySources({ env: {}, platform: 'win32', access: fakeMachine({ registry: windowsRegistry }) })).toEqual({
      origin: 'machine',
      path: 'C:\\ProgramData\\Enclave\\policy.json',
      sources: [
        { kind: 'file', path: 'C:\\ProgramData\\Enclave\\policy.json' },
        { kind: 'registry', key: 'HKLM\\SOFTWARE\\Policies\\Enclave' },
      ],
    });
  });

  it('finds ProgramData where Windows keeps it, in the registry, with %SystemDrive% from the registry too', () => {
    const onD = {
      ...windowsRegistry,
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion': { ProgramFilesDir: ['REG_SZ', 'D:\\Program Files'] as [string, string] },
    };
    const access = fakeMachine({ registry: onD });
    expect(policySources({ env: hostileEnvironment, platform: 'win32', access, allowPolicyFile: false }).path).toBe('D:\\ProgramData\\Enclave\\policy.json');
    // reg.exe by its full path: PATH (or the working folder) cannot put another in front of it.
    expect(access.commands.every(([command]) => command === 'C:\\Windows\\System32\\reg.exe')).toBe(true);
  });

  it.each([
    ['no registry at all', {}],
    ['a ProgramData value naming another variable', { ...windowsRegistry, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList': { ProgramData: ['REG_EXPAND_SZ', '%USERPROFILE%\\fake'] as [string, string] } }],
    ['a relative ProgramData value', { ...windowsRegistry, 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList': { ProgramData: ['REG_SZ', 'fake'] as [string, string] } }],
  ])('falls back to C:\\ProgramData, never to the environment, with %s', (_case, registry) => {
    const access = fakeMachine({ registry });
    expect(policySources({ env: hostileEnvironment, platform: 'win32', access, allowPolicyFile: false }).path).toBe('C:\\ProgramData\\Enclave\\policy.json');
  });

  it('cannot be moved by any environment variable on any OS, in a packaged build', () => {
    const access = fakeMachine({ registry: windowsRegistry });
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const clean = policySources({ env: {}, platform, access, allowPolicyFile: false });
      const hostile = policySources({ env: hostileEnvironment, platform, access, allowPolicyFile: false });
      expect(hostile).toEqual(clean);
      expect(JSON.stringify(hostile)).not.toMatch(/bob|Z:/);
    }
  });

  it('is ENCLAVE_POLICY_FILE alone where the build allows it (development and tests), and says so', () => {
    expect(policySources({ env: { ENCLAVE_POLICY_FILE: '/tmp/p.json' }, platform: 'linux', allowPolicyFile: true })).toEqual({
      origin: 'environment',
      path: '/tmp/p.json',
      sources: [{ kind: 'file', path: '/tmp/p.json' }],
    });
    expect(policySources({ env: { ENCLAVE_POLICY_FILE: ' ' }, platform: 'linux', allowPolicyFile: true }).origin).toBe('machine');
  });

  it('allows ENCLAVE_POLICY_FILE by default when running from the TypeScript sources, as these tests do', () => {
    expect(policySources({ env: { ENCLAVE_POLICY_FILE: '/tmp/p.json' }, platform: 'linux' }).origin).toBe('environment');
  });
});
