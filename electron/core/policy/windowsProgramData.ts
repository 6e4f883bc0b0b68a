import path from 'node:path';
import type { MachineAccess } from './machineAccess.js';
import { queryRegistryValue } from './windowsRegistry.js';

const profileListKey = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList';
const currentVersionKey = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion';
const fallback = 'C:\\ProgramData';

/**
 * The machine's ProgramData folder, from the registry Windows itself keeps it in, never from the
 * environment: `ProgramData`, `PROGRAMDATA` and `ALLUSERSPROFILE` are whatever whoever starts Enclave
 * says they are (`ProgramData=C:\Users\bob\fake` once moved the machine policy). `%SystemDrive%` in
 * the value is the drive of `ProgramFilesDir`, also from the registry. Anything unexpected: C:\ProgramData.
 */
export function windowsProgramDataFolder(access: MachineAccess): string {
  const configured = queryRegistryValue(access, profileListKey, 'ProgramData');
  if (!configured || typeof configured.value !== 'string') return fallback;
  const expanded = configured.value.replace(/%SystemDrive%/gi, () => systemDrive(access) ?? 'C:');
  // Another variable, or a value that is not a full local path, is not a folder we can trust.
  return /^[A-Za-z]:\\[^%]*$/.test(expanded) ? path.win32.normalize(expanded) : fallback;
}

function systemDrive(access: MachineAccess): string | null {
  const programFiles = queryRegistryValue(access, currentVersionKey, 'ProgramFilesDir');
  if (!programFiles || typeof programFiles.value !== 'string') return null;
  return /^([A-Za-z]:)\\/.exec(programFiles.value)?.[1] ?? null;
}
