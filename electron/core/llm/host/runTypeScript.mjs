/**
 * `node runTypeScript.mjs <entry.ts>`: runs a TypeScript entry with tsx registered from inside this
 * process. forkLauncher.ts starts the model host and the document reader this way from a source
 * checkout (the CLI, tests, benchmarks); the installed app runs built JavaScript and never uses it.
 *
 * Not `--import tsx` on the command line: a process hands its execArgv on to every process it forks,
 * and node-llama-cpp forks a child at each backend start to test-load its native binding. That child
 * runs plain JavaScript, but with tsx inherited its start went from ~0.7 s to ~1.8 s on a 2-core machine.
 */
import { pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const entry = process.argv[2];
if (entry === undefined) throw new Error('usage: node runTypeScript.mjs <entry.ts>');
// The entry sees the command line it would have had if started directly.
process.argv.splice(1, 1);
register();
await import(pathToFileURL(entry).href);
