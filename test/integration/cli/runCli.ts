import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  dataDir: string;
  /** Called with each stdout chunk as it arrives, and the running process (to signal it). */
  onStdout?: (chunk: string, child: ChildProcess) => void;
  /** Called once the process is started, to watch it from outside (files it writes) and signal it. */
  onSpawn?: (child: ChildProcess) => void;
  /** Kills the CLI if it runs longer, so a hang fails the test instead of stalling the run. */
  timeoutMs?: number;
  /** Written to the CLI's standard input, which is then closed (without it, standard input is empty). */
  input?: string;
  /** More environment variables for the CLI. */
  env?: NodeJS.ProcessEnv;
  /** Runs the CLI under strace with these options (its own and its children's system calls, to a file). */
  strace?: string[];
}

/**
 * Runs the real `enclave` CLI as a child process, as a user would: its own data directory, one
 * thread (an unset count crawls on a busy 2-core machine) and no GPU.
 */
export function runCli(args: string[], options: CliOptions): Promise<CliResult> {
  const command = [process.execPath, '--import', 'tsx', 'electron/cli/index.ts', ...args];
  const [program, ...programArgs] = options.strace ? ['strace', ...options.strace, ...command] : command;
  const child = spawn(program!, programArgs, {
    cwd: repositoryRoot,
    env: { ...process.env, ENCLAVE_DATA_DIR: options.dataDir, ENCLAVE_THREADS: '1', ENCLAVE_GPU: 'off', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(options.input ?? '');
  options.onSpawn?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    options.onStdout?.(chunk, child);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The lines a command wrote to stderr, without the trailing empty one. */
export function stderrLines(result: CliResult): string[] {
  return result.stderr.split('\n').filter((line) => line.length > 0);
}
