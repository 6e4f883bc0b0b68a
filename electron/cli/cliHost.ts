/**
 * What the installed app hands the CLI, and the version the CLI reports. Kept apart from session.ts,
 * which pulls in all of core: `enclave --version` and the usage texts need only this much.
 */
import { readFileSync } from 'node:fs';
import type { CoreOptions, CoreServices } from '../core/app.js';
import type { LoadedPolicy } from '../core/policy/index.js';

const repositoryRoot = new URL('../../', import.meta.url);

/**
 * What the installed app gives the CLI when it runs it (`Enclave --cli`, electron/main/cliMode.ts):
 * the app's version and bundled models, its machine policy (never ENCLAVE_POLICY_FILE in an installed
 * app), and utilityProcess launchers, because the app binary cannot fork itself as plain Node (the
 * RunAsNode fuse is off). From a source checkout (`npm run cli`) there is none, and session.ts's defaults apply.
 */
export interface CliHost extends Required<Pick<CoreOptions, 'bundledModelsDir' | 'version'>> {
  services: Pick<CoreServices, 'launchModelHost'> & Required<Pick<CoreServices, 'launchDocumentParser'>>;
  /** Reads the machine policy as the app does. */
  loadPolicy: () => LoadedPolicy;
}

let host: CliHost | undefined;

/** Called once, before any command runs, by the app binary's `--cli` mode. */
export function useCliHost(given: CliHost): void {
  host = given;
}

/** The installed app's host, or undefined when the CLI runs from a source checkout. */
export function installedCliHost(): CliHost | undefined {
  return host;
}

export function cliVersion(): string {
  if (host) return host.version;
  const manifest = JSON.parse(readFileSync(new URL('package.json', repositoryRoot), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : 'unknown';
}
