import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../support/tempDir.js';

const root = path.resolve(import.meta.dirname, '../../..');
const startScript = path.join(root, 'scripts', 'start.mjs');

interface StartModule {
  missingBinaryMessage: string;
  findElectronBinary(root: string, env: Record<string, string | undefined>, platform?: NodeJS.Platform): { binary: string; version: string } | null;
  electronHeadersUrl(env: Record<string, string | undefined>): string;
}
const start = (await import(pathToFileURL(startScript).href)) as StartModule;

function runStart(env: Record<string, string>) {
  const { ELECTRON_OVERRIDE_DIST_PATH: _ignored, ...inherited } = process.env;
  return spawnSync(process.execPath, [startScript], { cwd: root, env: { ...inherited, ...env }, encoding: 'utf8', timeout: 30_000 });
}

function fakeRepository(dir: string, options: { pathTxt?: string; binary?: string; version?: string }) {
  const electronDir = path.join(dir, 'node_modules', 'electron');
  fs.mkdirSync(path.join(electronDir, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(electronDir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.4.1' }));
  if (options.pathTxt) fs.writeFileSync(path.join(electronDir, 'path.txt'), options.pathTxt);
  if (options.binary) fs.writeFileSync(path.join(electronDir, 'dist', options.binary), '');
  if (options.version) fs.writeFileSync(path.join(electronDir, 'dist', 'version'), options.version);
  return dir;
}

describe('npm start (scripts/start.mjs)', () => {
  const tempDir = useTempDir();
  const binaryInstalled = start.findElectronBinary(root, process.env) !== null;

  it('prints one line and exits 1 when the Electron binary is missing', () => {
    const result = runStart({ ELECTRON_OVERRIDE_DIST_PATH: tempDir() });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`${start.missingBinaryMessage}\n`);
    expect(start.missingBinaryMessage).toContain('npm run cli -- --help');
  });

  it.runIf(!binaryInstalled)('does the same on a machine installed with ELECTRON_SKIP_BINARY_DOWNLOAD', () => {
    const result = runStart({});
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`${start.missingBinaryMessage}\n`);
  });

  it('finds the binary the way the electron package does, without loading it', () => {
    const installed = fakeRepository(tempDir(), { pathTxt: 'electron', binary: 'electron', version: 'v45.4.1\n' });
    expect(start.findElectronBinary(installed, {}, 'linux')).toEqual({
      binary: path.join(installed, 'node_modules', 'electron', 'dist', 'electron'),
      version: '45.4.1',
    });
    expect(start.findElectronBinary(fakeRepository(tempDir(), { pathTxt: 'electron' }), {}, 'linux')).toBeNull();
    expect(start.findElectronBinary(fakeRepository(tempDir(), {}), {}, 'linux')).toBeNull();
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH', () => {
    const dist = tempDir();
    fs.writeFileSync(path.join(dist, 'electron'), '');
    fs.writeFileSync(path.join(dist, 'version'), '45.9.9');
    const repository = fakeRepository(tempDir(), {});
    expect(start.findElectronBinary(repository, { ELECTRON_OVERRIDE_DIST_PATH: dist }, 'linux')).toEqual({
      binary: path.join(dist, 'electron'),
      version: '45.9.9',
    });
    expect(start.findElectronBinary(repository, { ELECTRON_OVERRIDE_DIST_PATH: dist }, 'win32')).toBeNull();
  });

  it('takes Electron headers from a mirror when one is configured', () => {
    expect(start.electronHeadersUrl({})).toBe('https://www.electronjs.org/headers');
    expect(start.electronHeadersUrl({ npm_config_disturl: 'https://npm.internal/electron' })).toBe('https://npm.internal/electron');
    expect(start.electronHeadersUrl({ ELECTRON_HEADERS_MIRROR: 'https://m.internal/h', npm_config_disturl: 'x' })).toBe('https://m.internal/h');
  });
});
