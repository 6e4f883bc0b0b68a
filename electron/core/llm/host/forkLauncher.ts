import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HostLauncher, HostProcess } from './launcher.js';

export interface ForkLauncherOptions {
  /** The host's entry file; defaults to the TypeScript source next to this file. */
  entry?: string;
  /** Extra environment for the host (ENCLAVE_GPU=off, say). */
  env?: NodeJS.ProcessEnv;
  /** Extra Node options for the child (a heap cap, say). */
  execArgv?: readonly string[];
}

const defaultEntry = fileURLToPath(new URL('./modelHostMain.ts', import.meta.url));
/** Registers tsx inside the child, so processes the child forks in turn do not inherit it (see the file). */
const typeScriptRunner = fileURLToPath(new URL('./runTypeScript.mjs', import.meta.url));

/**
 * Starts the model host (or, given its `entry`, another child process) with Node's
 * `child_process.fork`: the CLI's and the tests' launcher. A `.ts` entry runs through tsx.
 */
export function createForkLauncher(options: ForkLauncherOptions = {}): HostLauncher<object> {
  const entry = options.entry ?? defaultEntry;
  const [modulePath, args] = entry.endsWith('.ts') ? [typeScriptRunner, [entry]] : [entry, []];
  const execArgv = [...(options.execArgv ?? [])];
  return () => {
    const child = fork(modulePath, args, {
      execArgv,
      env: { ...process.env, ...options.env },
      // llama.cpp writes to stdout/stderr directly at times; keep that out of the CLI's output.
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      serialization: 'json',
    });
    const host: HostProcess<object> = {
      send: (request) => {
        if (child.connected) child.send(request);
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.on('exit', (code, signal) => listener({ code, signal })),
      kill: () => child.kill('SIGKILL'),
    };
    return host;
  };
}
