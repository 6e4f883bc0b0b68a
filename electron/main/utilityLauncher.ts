import { utilityProcess } from 'electron';
import { parserHeapLimitMb } from '../core/documents/parse/limits.js';
import type { HostLauncher, HostProcess } from '../core/llm/host/launcher.js';

export interface UtilityLauncherOptions {
  /** The name the OS task manager and `app.getAppMetrics()` show; default "Enclave model host". */
  serviceName?: string;
  /**
   * Switches for the child's command line. They reach Chromium's parser, not Node's: V8 flags go in
   * `--js-flags=...`, which the utility process applies before it creates its JavaScript heap.
   */
  execArgv?: string[];
}

/**
 * Starts the model host (or, given its entry, the document reader) as an Electron utilityProcess:
 * llama.cpp and the file parsers run outside the main process, so a native crash or an out-of-memory
 * kill costs a reply or one file, never the window. Core sees the same HostProcess it gets from
 * `createForkLauncher` in the CLI and the tests.
 */
export function createUtilityProcessLauncher(entry: string, options: UtilityLauncherOptions = {}): HostLauncher<object> {
  return () => {
    const child = utilityProcess.fork(entry, [], {
      serviceName: options.serviceName ?? 'Enclave model host',
      // llama.cpp writes its own logs straight to stdout/stderr; core gets everything it needs as messages.
      stdio: 'ignore',
      ...(options.execArgv ? { execArgv: options.execArgv } : {}),
    });
    let exited = false;
    child.on('exit', () => {
      exited = true;
    });
    const host: HostProcess<object> = {
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

/**
 * Starts the document reader (core/documents/parserProcess) as a utilityProcess. Its JavaScript heap
 * is capped through `--js-flags` (utilityProcess hands `execArgv` to Chromium's command line, and the
 * process applies `--js-flags` before it creates its heap); its watchdog thread caps the whole
 * resident set either way.
 */
export function createDocumentParserLauncher(entry: string): HostLauncher<object> {
  return createUtilityProcessLauncher(entry, {
    serviceName: 'Enclave document reader',
    execArgv: [`--js-flags=--max-old-space-size=${parserHeapLimitMb}`],
  });
}
