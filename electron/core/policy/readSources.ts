import { createHash } from 'node:crypto';
import path from 'node:path';
import type { PolicyLayer } from '../../shared/policy.js';
import { positionAt } from './jsonLocation.js';
import { findJsonSyntaxError } from './jsonSyntax.js';
import { convertManagedPreferences } from './macManagedPreferences.js';
import type { MachineAccess } from './machineAccess.js';
import type { PolicySourceSpec } from './policySources.js';
import { policyFromRegistryValues } from './registryValues.js';
import { queryRegistryKey } from './windowsRegistry.js';

/** One source found: where, its hash (when it could be read), its value, or why it cannot be used. */
export interface SourceRead {
  kind: PolicyLayer['kind'];
  location: string;
  /** Absent when it could not be read at all. */
  sha256?: string;
  /** The policy object it holds, when it could be parsed. */
  value?: unknown;
  /** A JSON file's text, for line numbers in messages. */
  text?: string;
  /** Why it cannot be used: the whole policy is then invalid. */
  error?: string;
}

/** Reads every source that exists, lowest precedence first; a source that does not exist is left out. */
export function readSources(sources: readonly PolicySourceSpec[], access: MachineAccess): SourceRead[] {
  return sources.flatMap((source): SourceRead[] => {
    switch (source.kind) {
      case 'file': {
        const read = readJsonFile(source.path, access);
        return read ? [read] : [];
      }
      case 'folder':
        return readJsonFolder(source.path, access);
      case 'registry': {
        const read = readRegistry(source.key, access);
        return read ? [read] : [];
      }
      case 'managed-preferences': {
        const read = readPreferences(source.path, access);
        return read ? [read] : [];
      }
    }
  });
}

/** SHA-256 of bytes or text, hex. */
export function sha256Of(content: Buffer | string): string {
  return createHash('sha256').update(content).digest('hex');
}

function readJsonFile(file: string, access: MachineAccess): SourceRead | null {
  const where = { kind: 'file' as const, location: file };
  let bytes: Buffer | null;
  try {
    bytes = access.readFile(file);
  } catch (error) {
    return { ...where, error: `The policy file ${file} could not be read (${describeReadError(error)}); Enclave stays offline.` };
  }
  if (bytes === null) return null;
  // Notepad writes UTF-8 with a byte-order mark, which JSON.parse refuses.
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const read = { ...where, sha256: sha256Of(bytes), text };
  try {
    return { ...read, value: JSON.parse(text) as unknown };
  } catch {
    // JSON.parse failed; our own checker says where, in words that do not change with the V8 version.
    const problem = findJsonSyntaxError(text) ?? { offset: 0, reason: 'not valid JSON' };
    const { line, column } = positionAt(text, problem.offset);
    return { ...read, error: `The policy file ${file} is not valid JSON: line ${line}, column ${column}: ${problem.reason}. Enclave stays offline until it is fixed.` };
  }
}

/** `policy.d/*.json`, in lexical order (`10-network.json` before `20-dlp.json`); hidden files (editors' backups) skipped. */
function readJsonFolder(folder: string, access: MachineAccess): SourceRead[] {
  let names: string[] | null;
  try {
    names = access.listFolder(folder);
  } catch (error) {
    return [{ kind: 'file', location: folder, error: `The policy folder ${folder} could not be read (${describeReadError(error)}); Enclave stays offline.` }];
  }
  const files = (names ?? []).filter((name) => name.endsWith('.json') && !name.startsWith('.')).sort();
  return files.flatMap((name) => readJsonFile(path.join(folder, name), access) ?? []);
}

function readRegistry(key: string, access: MachineAccess): SourceRead | null {
  const where = { kind: 'registry' as const, location: key };
  let read: ReturnType<typeof queryRegistryKey>;
  try {
    read = queryRegistryKey(access, key);
  } catch (error) {
    return { ...where, error: `The registry key ${key} could not be read (${describeReadError(error)}); Enclave stays offline.` };
  }
  if (read === null || (read.values.size === 0 && read.problems.length === 0)) return null;
  // The values' content, in an order that does not depend on how reg.exe lists them.
  const sorted = [...read.values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const sha256 = sha256Of(JSON.stringify(sorted));
  const mapped = policyFromRegistryValues(read.values);
  const problems = [...read.problems, ...mapped.problems];
  if (problems.length > 0) {
    return { ...where, sha256, error: `The registry key ${key} is invalid: ${problems.join('; ')}. Enclave stays offline until it is fixed.` };
  }
  return { ...where, sha256, value: mapped.policy };
}

function readPreferences(file: string, access: MachineAccess): SourceRead | null {
  const where = { kind: 'managed-preferences' as const, location: file };
  let bytes: Buffer | null;
  try {
    bytes = access.readFile(file);
  } catch (error) {
    return { ...where, error: `The managed preferences ${file} could not be read (${describeReadError(error)}); Enclave stays offline.` };
  }
  if (bytes === null) return null;
  const read = { ...where, sha256: sha256Of(bytes) };
  try {
    return { ...read, value: convertManagedPreferences(access, file) };
  } catch (error) {
    return { ...read, error: `The managed preferences ${file} could not be read (${describeReadError(error)}); Enclave stays offline.` };
  }
}

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return error instanceof Error ? error.message : String(error);
}
