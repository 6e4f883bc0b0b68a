/**
 * The `enclave` command: the same core, database and models folders as the desktop app, from a
 * terminal. `npm run cli -- <command>` runs this entry under plain Node; the installed app runs the same
 * dispatcher with `Enclave --cli <command>` (runCli.ts). Exit codes: see runCli.ts.
 */
import { closedOutputEndsQuietly, runCli } from './runCli.js';

closedOutputEndsQuietly();
process.exitCode = await runCli(process.argv.slice(2));
