import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { CliHost } from '../../../electron/cli/session.js';
import type { LoadedPolicy } from '../../../electron/core/policy/loadPolicy.js';
import { locateAppFiles } from '../../../electron/main/appFiles.js';
import { type CliEntry, cliArguments, type InstalledCliHost, runCliMode } from '../../../electron/main/cliMode.js';
import { defaultPolicy } from '../../../electron/shared/policy.js';
import { fakeElectron, FakeBrowserWindow } from './fakeElectron.js';

// Boundary mock: the Electron binary cannot run here (see fakeElectron.ts). The CLI dispatcher is real.
vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);

const { app, utilityProcess } = fakeElectron;
const files = locateAppFiles({ mainDir: '/opt/Enclave/resources/app.asar/out/main', appPath: '/opt/Enclave/resources/app.asar', isPackaged: true, resourcesPath: '/opt/Enclave/resources' });
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-cli-mode-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

/** The policy IT deployed, as main reads it: one custom term, from the machine's own location. */
function machinePolicy(): LoadedPolicy {
  const policy = defaultPolicy();
  policy.dlp.customTerms = ['Project Bluebird'];
  return { policy, source: { path: '/etc/enclave/policy.json', origin: 'machine', status: 'loaded' } };
}

/** The real dispatcher (electron/cli/runCli.ts), as the built out/main/cli.js would give it. */
const realEntry = () => import('../../../electron/cli/runCli.js') as Promise<CliEntry>;

async function runAsInstalled(args: string[], importEntry: (file: string) => Promise<CliEntry> = realEntry): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  app.exit.mockClear();
  try {
    runCliMode({ args, files, loadPolicy: machinePolicy, importEntry });
    app.becomeReady();
    // The first import transforms the whole CLI and core: allow it time.
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledOnce(), { timeout: 30_000 });
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return { code: app.exit.mock.calls[0]?.[0] as number, stdout, stderr };
}

describe('Enclave --cli', () => {
  it('takes the command line after --cli, packaged or from `electron .`', () => {
    expect(cliArguments(['/opt/Enclave/enclave', '--cli', 'models', 'list', '--json'])).toEqual(['models', 'list', '--json']);
    expect(cliArguments(['/usr/bin/electron', '.', '--cli', '--version'])).toEqual(['--version']);
    expect(cliArguments(['/opt/Enclave/enclave', '--cli'])).toEqual([]);
    expect(cliArguments(['/opt/Enclave/enclave'])).toBeNull();
    expect(cliArguments(['/opt/Enclave/enclave', '--clipboard'])).toBeNull();
  });

  it('hands the CLI what it and main agree on', () => {
    expectTypeOf<InstalledCliHost>().toEqualTypeOf<CliHost>();
    expect(files.cli).toBe(path.join('/opt/Enclave/resources/app.asar/out/main', 'cli.js'));
  });

  it('runs the command headless with the app version, and exits with its code', async () => {
    const result = await runAsInstalled(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: 'enclave 0.0.0-test\n', stderr: '' });
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(app.requestSingleInstanceLock).not.toHaveBeenCalled();
    expect(app.dock.hide).toHaveBeenCalled();
  });

  it('reads the policy main gives it, never its own (ENCLAVE_POLICY_FILE is main’s to allow)', async () => {
    vi.stubEnv('ENCLAVE_POLICY_FILE', path.join(folder, 'looser-policy.json'));
    const file = path.join(folder, 'memo.txt');
    fs.writeFileSync(file, 'The Project Bluebird budget is due.\n');
    const result = await runAsInstalled(['dlp', 'scan', file, '--json']);
    vi.unstubAllEnvs();
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { policy: { path: string }; findings: { detector: string }[] };
    expect(report.policy.path).toBe('/etc/enclave/policy.json');
    expect(report.findings.map((finding) => finding.detector)).toEqual(['customTerm']);
  });

  it('gives the model host and the document reader utilityProcess launchers, not fork', async () => {
    let host: InstalledCliHost | undefined;
    const result = await runAsInstalled(['anything'], () =>
      Promise.resolve({
        runInstalledCli: (_args: string[], given: InstalledCliHost) => {
          host = given;
          return Promise.resolve(3);
        },
      }),
    );
    expect(result.code).toBe(3);
    expect(host?.bundledModelsDir).toBe(path.join('/opt/Enclave/resources', 'models'));
    host?.services.launchModelHost();
    host?.services.launchDocumentParser();
    expect(utilityProcess.fork.mock.calls.map((call) => call[0])).toEqual([files.modelHost, files.documentParser]);
  });

  it('exits 1 with one line on stderr when the CLI cannot be loaded', async () => {
    const result = await runAsInstalled(['--version'], () => Promise.reject(new Error('Cannot find module out/main/cli.js')));
    expect(result).toMatchObject({ code: 1, stderr: 'enclave: Cannot find module out/main/cli.js\n' });
  });
});
