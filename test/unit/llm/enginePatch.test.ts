import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repositoryRoot = path.resolve(import.meta.dirname, '../../..');
const packageDir = path.join(repositoryRoot, 'node_modules/node-llama-cpp');
const patchFile = path.join(repositoryRoot, 'patches/node-llama-cpp-persistent-threadpool.patch');

function dryRun(reverse: boolean): { status: number | null; output: string } {
  const args = ['-p1', '--forward', '--dry-run', '-d', packageDir, '-i', patchFile, ...(reverse ? ['--reverse'] : [])];
  const result = spawnSync('patch', args, { encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

// npm run engine:build applies the patch to the installed node-llama-cpp, builds, and takes it out again.
describe('the persistent-threadpool patch carried for node-llama-cpp (engine:build)', () => {
  it('applies cleanly, without fuzz, to the node-llama-cpp that is installed', () => {
    const { status, output } = dryRun(false);
    expect(status, output).toBe(0);
    expect(output).not.toMatch(/fuzz|offset|FAILED|Reversed/i);
  });

  it('is not left applied in node_modules', () => {
    expect(dryRun(true).status).not.toBe(0);
  });
});
