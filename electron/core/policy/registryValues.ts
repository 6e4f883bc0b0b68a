/**
 * The machine policy as Windows registry values under `HKLM\SOFTWARE\Policies\Enclave`, where Group
 * Policy and Intune write it (the templates in out/policy-templates/ say so to them). One value per
 * setting, named by its dotted path (`network.mode`, `dlp.actions.email`, `audit.collector.host`); the
 * settings and their kinds come from the policy's JSON Schema (policySettings.ts), so a new key needs no
 * change here.
 */
import type { PolicyFile } from '../../shared/policy.js';
import { type PolicySetting, type PolicySettingKind, policySettings } from './policySettings.js';

/** The registry key the values live under, for messages and templates. */
export const policyRegistryKey = 'HKLM\\SOFTWARE\\Policies\\Enclave';

/** One registry value as read: its type and its data (REG_MULTI_SZ as a list of strings). */
export type RegistryValue = { type: 'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_DWORD' | 'REG_MULTI_SZ'; value: string | number | string[] };

/** The registry type each kind of setting is written as. */
export const registryTypeOfKind: Record<PolicySettingKind, RegistryValue['type']> = {
  string: 'REG_SZ',
  enum: 'REG_SZ',
  integer: 'REG_DWORD',
  boolean: 'REG_DWORD',
  stringList: 'REG_MULTI_SZ',
  json: 'REG_SZ',
};

/**
 * Builds the policy object the values describe, for `policySchema` to check (this checks only the
 * registry's side: names and types). Every value that cannot be used is a problem naming the value and
 * why, and is left out of the policy; the loader decides what a problem means (it fails closed).
 * Names match case-insensitively, as the registry's own do. REG_EXPAND_SZ is read like REG_SZ and
 * never expanded: the environment belongs to the user, and the machine policy must not depend on it.
 */
export function policyFromRegistryValues(values: ReadonlyMap<string, RegistryValue>): { policy: Record<string, unknown>; problems: string[] } {
  const settings = new Map(policySettings().settings.map((setting) => [setting.path.toLowerCase(), setting]));
  const policy: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [name, read] of values) {
    const setting = settings.get(name.toLowerCase());
    if (setting === undefined) {
      problems.push(`${policyRegistryKey}\\${name}: not a policy setting (value names are the policy's dotted paths, like network.mode)`);
      continue;
    }
    const decoded = decodeValue(setting, read);
    if ('problem' in decoded) problems.push(`${policyRegistryKey}\\${name}: ${decoded.problem}`);
    else setAtPath(policy, setting.path.split('.'), decoded.value);
  }
  return { policy, problems };
}

/** The registry values that express `policy`, one per setting it sets (for templates and tests). */
export function registryValuesFromPolicy(policy: PolicyFile): Map<string, RegistryValue> {
  const values = new Map<string, RegistryValue>();
  for (const setting of policySettings().settings) {
    const value = valueAtPath(policy, setting.path.split('.'));
    if (value !== undefined) values.set(setting.path, encodeValue(setting, value));
  }
  return values;
}

type Decoded = { value: unknown } | { problem: string };

function decodeValue(setting: PolicySetting, read: RegistryValue): Decoded {
  const expected = registryTypeOfKind[setting.kind];
  const wrongType = (): Decoded => ({ problem: `is ${read.type}; ${describeKind(setting)} is ${expected}` });
  const wrongData = (): Decoded => ({ problem: `is ${read.type} holding ${JSON.stringify(read.value)}, not ${dataOf[expected]}` });
  const textType = read.type === 'REG_SZ' || read.type === 'REG_EXPAND_SZ';
  if (expected === 'REG_SZ') {
    if (!textType) return wrongType();
    if (typeof read.value !== 'string') return wrongData();
    if (setting.kind !== 'json') return { value: read.value };
    try {
      return { value: JSON.parse(read.value) as unknown };
    } catch (error) {
      return { problem: `is not valid JSON (${error instanceof Error ? error.message : String(error)}); ${describeKind(setting)} is REG_SZ holding JSON` };
    }
  }
  if (read.type !== expected) return wrongType();
  if (expected === 'REG_MULTI_SZ') {
    const list = read.value;
    return Array.isArray(list) && list.every((item) => typeof item === 'string') ? { value: list } : wrongData();
  }
  // REG_DWORD: an unsigned 32-bit number.
  if (typeof read.value !== 'number' || !Number.isInteger(read.value)) return wrongData();
  if (setting.kind === 'boolean') {
    if (read.value === 0 || read.value === 1) return { value: read.value === 1 };
    return { problem: `is ${read.value}; an on/off setting is REG_DWORD 1 (true) or 0 (false)` };
  }
  return { value: read.value };
}

function encodeValue(setting: PolicySetting, value: unknown): RegistryValue {
  const type = registryTypeOfKind[setting.kind];
  switch (setting.kind) {
    case 'boolean':
      return { type, value: value === true ? 1 : 0 };
    case 'integer':
      return { type, value: Number(value) };
    case 'stringList':
      return { type, value: Array.isArray(value) ? value.map(String) : [String(value)] };
    case 'json':
      return { type, value: JSON.stringify(value) };
    case 'string':
    case 'enum':
      return { type, value: String(value) };
  }
}

/** What each registry type's data must be, for a reader that handed over something else. */
const dataOf: Record<RegistryValue['type'], string> = {
  REG_SZ: 'text',
  REG_EXPAND_SZ: 'text',
  REG_DWORD: 'a whole number',
  REG_MULTI_SZ: 'a list of texts',
};

function describeKind(setting: PolicySetting): string {
  const words: Record<PolicySettingKind, string> = {
    string: 'a text setting',
    enum: `a choice (${(setting.values ?? []).map((value) => `"${value}"`).join(', ')})`,
    integer: 'a whole number',
    boolean: 'an on/off setting',
    stringList: 'a list of texts',
    json: 'a structured setting',
  };
  return words[setting.kind];
}

function setAtPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) node = next as Record<string, unknown>;
    else node = node[key] = {} as Record<string, unknown>;
  }
  const last = path.at(-1);
  if (last !== undefined) node[last] = value;
}

function valueAtPath(source: unknown, path: string[]): unknown {
  let node = source;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
