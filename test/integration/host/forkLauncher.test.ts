import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createForkLauncher } from '../../../electron/core/llm/host/forkLauncher.js';
import type { StartReport } from '../../fixtures/fork/startReport.js';

const entry = fileURLToPath(new URL('../../fixtures/fork/reportStart.ts', import.meta.url));

/** Starts the fixture child with `options` and waits for its one report. */
function startAndReport(execArgv?: string[]): Promise<StartReport> {
  const child = createForkLauncher({ entry, ...(execArgv ? { execArgv } : {}) })();
  return new Promise<StartReport>((resolve, reject) => {
    child.onMessage((message) => resolve(message as StartReport));
    child.onExit((exit) => reject(new Error(`child exited before reporting: ${JSON.stringify(exit)}`)));
  }).finally(() => child.kill());
}

describe('createForkLauncher with a TypeScript entry', () => {
  it('runs the entry as TypeScript, with the command line it would have had if started directly', async () => {
    const report = await startAndReport();
    expect(report.argv.slice(1)).toEqual([entry]);
  });

  // node-llama-cpp forks a child at every backend start to test its native binding; with the
  // TypeScript loader inherited, that plain-JavaScript child took more than twice as long.
  it('keeps the TypeScript loader out of the processes the child forks', async () => {
    const report = await startAndReport(['--max-old-space-size=512']);
    expect(report.execArgv).toEqual(['--max-old-space-size=512']);
    expect(report.grandchildExecArgv).toEqual(['--max-old-space-size=512']);
    expect(report.grandchildExecArgv.join(' ')).not.toContain('tsx');
  });
});
