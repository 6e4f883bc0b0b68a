import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repositoryRoot = path.resolve(import.meta.dirname, '../../..');
const bundleDirs = ['out/main', 'out/preload'];

function javaScriptFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(c|m)?js$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * The built main, preload and CLI bundles parse (`node --check`): what Electron cannot run here, it can at
 * least read. A bundler can put two top-level declarations of one name in a chunk (a module's own
 * `require` beside the bundler's shim), a SyntaxError that stops the installed app before its first line
 * runs, which no test of the sources sees. `npm test` builds before it runs the tests.
 */
describe('the built bundles', () => {
  it('every chunk of main, preload and the CLI parses', () => {
    const files = bundleDirs.flatMap((dir) => {
      const absolute = path.join(repositoryRoot, dir);
      expect(fs.existsSync(absolute), `${dir} is missing: run "npm run build" first (npm test does)`).toBe(true);
      return javaScriptFiles(absolute);
    });
    expect(files.length).toBeGreaterThan(3);
    const broken = files
      .map((file) => ({ file: path.relative(repositoryRoot, file), check: spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' }) }))
      .filter(({ check }) => check.status !== 0)
      .map(({ file, check }) => `${file}: ${check.stderr.split('\n').find((line) => line.startsWith('SyntaxError')) ?? check.stderr}`);
    expect(broken).toEqual([]);
  });
});
