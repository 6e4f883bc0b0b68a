import { fileURLToPath } from 'node:url';
import { createForkLauncher } from '../../llm/host/forkLauncher.js';
import type { HostLauncher } from '../../llm/host/launcher.js';
import { parserHeapLimitMb } from '../parse/limits.js';
import type { ParserRequest } from './protocol.js';

export interface ParserForkLauncherOptions {
  /** The reader's entry file; defaults to the TypeScript source next to this file (run through tsx). */
  entry?: string;
  /** The reader's memory limit in MB, instead of `parserMemoryLimitBytes` (for tests). */
  memoryLimitMb?: number;
}

const defaultEntry = fileURLToPath(new URL('./parserProcessMain.ts', import.meta.url));

/**
 * Starts the document reader with Node's `child_process.fork`, its JavaScript heap capped with
 * `--max-old-space-size`: the CLI's and the tests' launcher (the app's is a utilityProcess).
 */
export function createParserForkLauncher(options: ParserForkLauncherOptions = {}): HostLauncher<ParserRequest> {
  return createForkLauncher({
    entry: options.entry ?? defaultEntry,
    execArgv: [`--max-old-space-size=${parserHeapLimitMb}`],
    ...(options.memoryLimitMb === undefined ? {} : { env: { ENCLAVE_PARSER_MEMORY_MB: String(options.memoryLimitMb) } }),
  });
}
