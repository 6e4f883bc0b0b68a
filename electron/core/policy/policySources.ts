import path from 'node:path';
import { managedPreferencesPath } from './macManagedPreferences.js';
import { type MachineAccess, nodeMachineAccess } from './machineAccess.js';
import { policyFileAllowedByBuild } from './buildKind.js';
import { policyRegistryKey } from './registryValues.js';
import { windowsProgramDataFolder } from './windowsProgramData.js';

/** One place policy is read from; a folder stands for its `*.json` files, in lexical order. */
export type PolicySourceSpec =
  | { kind: 'file'; path: string }
  | { kind: 'folder'; path: string }
  | { kind: 'registry'; key: string }
  | { kind: 'managed-preferences'; path: string };

/** How to find the policy: which OS, through what, and whether ENCLAVE_POLICY_FILE counts. */
export interface PolicyReadOptions {
  /** Environment variables; only ENCLAVE_POLICY_FILE is read, and only when `allowPolicyFile` says so. */
  env?: NodeJS.ProcessEnv;
  /** The OS whose machine-wide sources apply. */
  platform?: NodeJS.Platform;
  /**
   * Whether ENCLAVE_POLICY_FILE may replace the machine sources: development and test builds only.
   * Default: true when running from the TypeScript sources (tests, `npm run cli`), false in any built bundle.
   */
  allowPolicyFile?: boolean;
  /** For tests: the folder the Linux and macOS paths are under (default `/`). */
  root?: string;
  /** Files, folders, reg.exe and plutil; tests replace it for the OS they do not run on. */
  access?: MachineAccess;
}

/** Where this machine's policy comes from, lowest precedence first. */
export interface PolicySources {
  origin: 'machine' | 'environment';
  /** The OS's policy file (or ENCLAVE_POLICY_FILE's): what the settings screen names. */
  path: string;
  sources: PolicySourceSpec[];
}

/**
 * The machine policy's sources for this OS. Nothing here comes from the environment (but
 * ENCLAVE_POLICY_FILE, where a development build allows it): whoever starts Enclave controls its
 * environment, and must not be able to move the policy somewhere they can write.
 */
export function policySources(options: PolicyReadOptions = {}): PolicySources {
  const { env = process.env, platform = process.platform, root = '/', access = nodeMachineAccess } = options;
  const override = env.ENCLAVE_POLICY_FILE?.trim();
  if (override && (options.allowPolicyFile ?? policyFileAllowedByBuild)) {
    const file = path.resolve(override);
    return { origin: 'environment', path: file, sources: [{ kind: 'file', path: file }] };
  }
  if (platform === 'win32') {
    const file = path.win32.join(windowsProgramDataFolder(access), 'Enclave', 'policy.json');
    return { origin: 'machine', path: file, sources: [{ kind: 'file', path: file }, { kind: 'registry', key: policyRegistryKey }] };
  }
  if (platform === 'darwin') {
    const file = path.join(root, 'Library/Application Support/Enclave/policy.json');
    return {
      origin: 'machine',
      path: file,
      sources: [{ kind: 'file', path: file }, { kind: 'managed-preferences', path: path.join(root, managedPreferencesPath) }],
    };
  }
  const file = path.join(root, 'etc/enclave/policy.json');
  return { origin: 'machine', path: file, sources: [{ kind: 'file', path: file }, { kind: 'folder', path: path.join(root, 'etc/enclave/policy.d') }] };
}
