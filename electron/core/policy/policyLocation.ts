import path from 'node:path';
import type { PolicySource } from '../../shared/policy.js';

/** Where to look for the policy: the environment and OS to resolve the location for. */
export interface PolicyLocationOptions {
  /** Environment variables; `ENCLAVE_POLICY_FILE` points at another file (tests, managed deployments). */
  env?: NodeJS.ProcessEnv;
  /** The OS whose machine-wide location applies. */
  platform?: NodeJS.Platform;
}

export interface PolicyLocation {
  path: string;
  origin: PolicySource['origin'];
}

/**
 * The machine-wide policy file for this OS: a place only administrators can write to, outside the
 * user's data folder, so nothing the user does in the app (or to their own files) changes it.
 */
export function machinePolicyPath(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') {
    const programData = env.ProgramData ?? env.PROGRAMDATA ?? env.ALLUSERSPROFILE ?? 'C:\\ProgramData';
    return path.win32.join(programData, 'Enclave', 'policy.json');
  }
  if (platform === 'darwin') return '/Library/Application Support/Enclave/policy.json';
  return '/etc/enclave/policy.json';
}

/**
 * `ENCLAVE_POLICY_FILE` wins when set. Whoever starts Enclave controls its environment, so a packaged
 * app that must not let users pick their own policy should pass an `env` without it.
 */
export function policyLocation({ env = process.env, platform = process.platform }: PolicyLocationOptions = {}): PolicyLocation {
  const override = env.ENCLAVE_POLICY_FILE?.trim();
  if (override) return { path: path.resolve(override), origin: 'environment' };
  return { path: machinePolicyPath(platform, env), origin: 'machine' };
}
