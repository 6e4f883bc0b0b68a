import type { CommandOutput, MachineAccess } from '../../../electron/core/policy/machineAccess.js';
import { plutil } from '../../../electron/core/policy/macManagedPreferences.js';
import { regExe } from '../../../electron/core/policy/windowsRegistry.js';

/** A registry value as a test writes it: type and reg.exe's printed data (`0x5a`, `a\0b`). */
export type FakeRegistryValue = [type: string, data: string];

export interface FakeMachineContent {
  /** Files by full path (Windows or macOS paths: this machine has neither). */
  files?: Record<string, string>;
  /** Registry keys by full name (`HKEY_LOCAL_MACHINE\…`), each its values by name. */
  registry?: Record<string, Record<string, FakeRegistryValue>>;
  /** What plutil prints for a plist path: its content as JSON. */
  plists?: Record<string, unknown>;
}

/**
 * A stand-in for the OS boundary (machineAccess.ts) of a machine this one cannot be: Windows' reg.exe
 * and macOS's plutil answer as they do there, from the content given. Every command run is recorded.
 */
export function fakeMachine(content: FakeMachineContent): MachineAccess & { commands: string[][] } {
  const commands: string[][] = [];
  const registry = content.registry ?? {};
  return {
    commands,
    readFile: (path) => (content.files?.[path] === undefined ? null : Buffer.from(content.files[path])),
    listFolder: () => null,
    run(command, args): CommandOutput {
      commands.push([command, ...args]);
      if (command === regExe) return regQuery(registry, args);
      if (command === plutil) {
        const file = args.at(-1) ?? '';
        const plist = content.plists?.[file];
        return plist === undefined ? { status: 1, stdout: '', stderr: `${file}: file does not exist or is not readable` } : { status: 0, stdout: JSON.stringify(plist), stderr: '' };
      }
      return { status: null, stdout: '', stderr: `${command}: not found` };
    },
  };
}

const notFound: CommandOutput = { status: 1, stdout: '', stderr: 'ERROR: The system was unable to find the specified registry key or value.\r\n' };

function regQuery(registry: Record<string, Record<string, FakeRegistryValue>>, args: readonly string[]): CommandOutput {
  const [, asked = '', option, name] = args;
  const key = asked.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\');
  const values = registry[key];
  if (!values) return notFound;
  const line = (valueName: string, [type, data]: FakeRegistryValue) => `    ${valueName}    ${type}${data === '' ? '' : `    ${data}`}`;
  if (option === '/v') {
    const value = name === undefined ? undefined : values[name];
    return value ? { status: 0, stdout: `\r\n${key}\r\n${line(name ?? '', value)}\r\n\r\n`, stderr: '' } : notFound;
  }
  const keys = Object.keys(registry).filter((candidate) => candidate === key || candidate.startsWith(`${key}\\`));
  const blocks = keys.map((each) => [each, ...Object.entries(registry[each] ?? {}).map(([valueName, value]) => line(valueName, value))].join('\r\n'));
  return { status: 0, stdout: `\r\n${blocks.join('\r\n\r\n')}\r\n\r\n`, stderr: '' };
}
