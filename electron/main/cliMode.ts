import { pathToFileURL } from 'node:url';
import { app } from 'electron';
import type { CoreOptions, CoreServices } from '../core/app.js';
import type { LoadedPolicy } from '../core/policy/loadPolicy.js';
import type { AppFiles } from './appFiles.js';
import { createDocumentParserLauncher, createUtilityProcessLauncher } from './utilityLauncher.js';

/** The switch that makes the app binary the `enclave` command: `Enclave --cli <command...>`. */
export const cliSwitch = '--cli';

/**
 * What the app hands the CLI (electron/cli/session.ts `CliHost`, which main may not import: the
 * CLI is loaded from its own bundle entry instead, like the model host). A test checks the two agree.
 */
export interface InstalledCliHost extends Required<Pick<CoreOptions, 'bundledModelsDir' | 'version'>> {
  services: Pick<CoreServices, 'launchModelHost'> & Required<Pick<CoreServices, 'launchDocumentParser'>>;
  loadPolicy: () => LoadedPolicy;
}

/** The module electron-vite builds from electron/cli/runCli.ts as out/main/cli.js. */
export interface CliEntry {
  runInstalledCli(args: string[], host: InstalledCliHost): Promise<number>;
}

/** The command line after `--cli` when the app was started as the `enclave` command, else null. */
export function cliArguments(argv: readonly string[]): string[] | null {
  const at = argv.indexOf(cliSwitch);
  return at === -1 ? null : argv.slice(at + 1);
}

export interface CliModeOptions {
  args: string[];
  files: AppFiles;
  /** The machine policy, read exactly as the window reads it (policyEnvironment(app.isPackaged)). */
  loadPolicy: () => LoadedPolicy;
  /** Loads the CLI bundle; tests replace it, since out/main/cli.js exists only after a build. */
  importEntry?: (file: string) => Promise<CliEntry>;
}

/**
 * Runs one CLI command headless inside the app binary and exits with its code: no window, no menu,
 * no single-instance lock (the CLI never held one), stdin/stdout/stderr those of the terminal. The
 * model host and the document reader start as utilityProcesses, since with the RunAsNode fuse off
 * the binary cannot fork itself as plain Node; that needs `ready`.
 */
export function runCliMode(options: CliModeOptions): void {
  const importEntry = options.importEntry ?? ((file: string) => import(pathToFileURL(file).href) as Promise<CliEntry>);
  // macOS would otherwise show a Dock icon for as long as a terminal command runs.
  app.dock?.hide();
  app
    .whenReady()
    .then(async () => {
      const entry = await importEntry(options.files.cli);
      const code = await entry.runInstalledCli(options.args, {
        bundledModelsDir: options.files.bundledModelsDir,
        version: app.getVersion(),
        services: {
          launchModelHost: createUtilityProcessLauncher(options.files.modelHost),
          launchDocumentParser: createDocumentParserLauncher(options.files.documentParser),
        },
        loadPolicy: options.loadPolicy,
      });
      app.exit(code);
    })
    .catch((error: unknown) => {
      process.stderr.write(`enclave: ${error instanceof Error ? error.message : String(error)}\n`);
      app.exit(1);
    });
}
