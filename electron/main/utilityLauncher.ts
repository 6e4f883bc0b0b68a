import { utilityProcess } from 'electron';
import type { HostLauncher, HostProcess } from '../core/llm/host/launcher.js';

/**
 * Starts the model host as an Electron utilityProcess: llama.cpp runs outside the main process, so a
 * native crash or an out-of-memory kill costs a reply, never the window. Core sees the same
 * HostProcess it gets from `createForkLauncher` in the CLI and the tests.
 */
export function createUtilityProcessLauncher(entry: string): HostLauncher {
  return () => {
    const child = utilityProcess.fork(entry, [], {
      serviceName: 'Enclave model host',
      // llama.cpp writes its own logs straight to stdout/stderr; core gets everything it needs as messages.
      stdio: 'ignore',
    });
    let exited = false;
    child.on('exit', () => {
      exited = true;
    });
    const host: HostProcess = {
      send: (request) => {
        // Posting to a process that has exited throws; core learns of the exit from onExit instead.
        if (!exited) child.postMessage(request);
      },
      onMessage: (listener) => {
        child.on('message', (message: unknown) => listener(message));
      },
      onExit: (listener) => {
        // utilityProcess reports one exit code (waitpid's status on POSIX) and no separate signal.
        child.on('exit', (code: number) => listener({ code, signal: null }));
      },
      kill: () => {
        child.kill();
      },
    };
    return host;
  };
}
