import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/** A policy is a few hundred bytes; anything this large is not one, and is not read into memory. */
export const maxPolicyBytes = 1024 * 1024;

/** What a system command printed, and how it ended. */
export interface CommandOutput {
  /** The exit code; null when it did not run to its end (not found, killed, timed out). */
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The one boundary between the policy loader and the OS: files, folders, and the two system commands
 * that read what this machine cannot read from Node (`reg.exe` on Windows, `plutil` on macOS). Tests
 * replace it where the OS is not the one they run on.
 */
export interface MachineAccess {
  /** The file's bytes; null when there is none. Throws for anything else (permission, a folder, too large). */
  readFile(path: string): Buffer | null;
  /** The names in a folder; null when there is none. */
  listFolder(path: string): string[] | null;
  /** Runs a system command, named by its absolute path so that PATH and the working folder cannot swap it. */
  run(command: string, args: readonly string[]): CommandOutput;
}

/** A command that hangs (a wedged registry, a stuck plutil) must not hold the policy read for long. */
const commandTimeoutMs = 10_000;

/** The machine itself, through Node. */
export const nodeMachineAccess: MachineAccess = {
  readFile(path) {
    try {
      const size = fs.statSync(path).size;
      if (size > maxPolicyBytes) {
        throw Object.assign(new Error(`${size} bytes, more than a policy file can be (${maxPolicyBytes})`), { code: 'EFBIG' });
      }
      return fs.readFileSync(path);
    } catch (error) {
      if (isAbsent(error)) return null;
      throw error;
    }
  },
  listFolder(path) {
    try {
      return fs.readdirSync(path);
    } catch (error) {
      if (isAbsent(error)) return null;
      throw error;
    }
  },
  run(command, args) {
    const result = spawnSync(command, args, { encoding: 'utf8', timeout: commandTimeoutMs, windowsHide: true, maxBuffer: 4 * maxPolicyBytes });
    // Not found, not allowed, or past the timeout: no output to trust.
    if (result.error) return { status: null, stdout: '', stderr: result.error.message };
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  },
};

function isAbsent(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
