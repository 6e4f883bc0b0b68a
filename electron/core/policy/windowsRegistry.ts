import type { MachineAccess } from './machineAccess.js';
import type { RegistryValue } from './registryValues.js';

/**
 * reg.exe by its absolute path: found through PATH (or the working folder, which Windows searches
 * first) a user could put their own in front of it. Windows lives in C:\Windows on every image we
 * support; where it does not, reading fails and the policy is invalid, so Enclave stays offline.
 */
export const regExe = 'C:\\Windows\\System32\\reg.exe';

const valueTypes = new Set<RegistryValue['type']>(['REG_SZ', 'REG_EXPAND_SZ', 'REG_DWORD', 'REG_MULTI_SZ']);

/** A registry key's values, by name; a value in a subkey is named `<subkey>.<name>`, as its JSON path. */
export interface RegistryKeyRead {
  values: Map<string, RegistryValue>;
  /** Values of a type a policy never uses (REG_BINARY, REG_QWORD, …), named for the error. */
  problems: string[];
}

/**
 * `reg.exe query <key> /s`, parsed: null when the key does not exist. Throws when reg.exe could not
 * run or said something else went wrong, as a registry that cannot be read must not read as "no policy".
 */
export function queryRegistryKey(access: MachineAccess, key: string): RegistryKeyRead | null {
  const output = access.run(regExe, ['query', key, '/s']);
  if (output.status !== 0) {
    // reg.exe exits 1 for a missing key and for every other failure alike; only the message tells them apart.
    if (output.status === 1 && /unable to find/i.test(output.stderr + output.stdout)) return null;
    throw new Error(`reg.exe query ${key} failed (${output.status ?? 'did not run'}): ${(output.stderr || output.stdout).trim() || 'no output'}`);
  }
  return parseRegQuery(output.stdout, key);
}

/** One value, as `reg.exe query <key> /v <name>` prints it; null when the key or the value does not exist. */
export function queryRegistryValue(access: MachineAccess, key: string, name: string): RegistryValue | null {
  const output = access.run(regExe, ['query', key, '/v', name]);
  if (output.status !== 0) return null;
  return parseRegQuery(output.stdout, key).values.get(name) ?? null;
}

// A value line: four spaces, the name, four spaces, the type, then four spaces and the data (absent when empty).
const valueLine = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

/** Parses what `reg.exe query` prints: a header line per key (the full path), then its values, indented. */
export function parseRegQuery(text: string, key: string): RegistryKeyRead {
  const values = new Map<string, RegistryValue>();
  const problems: string[] = [];
  const root = fullKeyName(key).toLowerCase();
  let prefix = '';
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const value = valueLine.exec(line);
    if (!value) {
      // A key header: the values below it belong to this subkey of the one asked for.
      const header = line.trim();
      const relative = header.toLowerCase().startsWith(root) ? header.slice(root.length).replace(/^\\/, '') : '';
      prefix = relative === '' ? '' : `${relative.split('\\').join('.')}.`;
      continue;
    }
    const [, rawName = '', type = '', data = ''] = value;
    const name = prefix + rawName;
    if (!valueTypes.has(type as RegistryValue['type'])) {
      problems.push(`${name} is ${type}, a type a policy value never has (use REG_SZ, REG_DWORD or REG_MULTI_SZ)`);
      continue;
    }
    values.set(name, toRegistryValue(type as RegistryValue['type'], data));
  }
  return { values, problems };
}

function toRegistryValue(type: RegistryValue['type'], data: string): RegistryValue {
  switch (type) {
    case 'REG_DWORD':
      return { type, value: Number.parseInt(data, 16) };
    case 'REG_MULTI_SZ':
      // reg.exe joins the strings with a literal \0; an empty list prints nothing.
      return { type, value: data === '' ? [] : data.split('\\0') };
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return { type, value: data };
  }
}

/** reg.exe prints `HKEY_LOCAL_MACHINE\…` whichever abbreviation it was asked with. */
function fullKeyName(key: string): string {
  return key.replace(/^HKLM(?=\\)/i, 'HKEY_LOCAL_MACHINE');
}
