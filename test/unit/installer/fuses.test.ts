import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FuseV1Options, FuseVersion, flipFuses } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../support/tempDir.js';

const root = path.resolve(import.meta.dirname, '../../..');
const checkScript = path.join(root, 'scripts', 'installer', 'check-fuses.mjs');

type FuseName =
  | 'runAsNode'
  | 'enableNodeOptionsEnvironmentVariable'
  | 'enableNodeCliInspectArguments'
  | 'grantFileProtocolExtraPrivileges'
  | 'enableCookieEncryption'
  | 'enableEmbeddedAsarIntegrityValidation'
  | 'onlyLoadAppFromAsar';
interface FusesModule {
  requiredFuses: Record<FuseName, boolean>;
  readBuilderConfig(file: string): Record<string, unknown> & { electronFuses?: Record<string, unknown> };
  configProblems(config: unknown): string[];
  binaryProblems(binary: string): Promise<string[]>;
  packagedBinaries(outputDir: string): string[];
}
const fuses = (await import(pathToFileURL(path.join(root, 'scripts', 'installer', 'fuses.mjs')).href)) as FusesModule;

/** @electron/fuses' marker before the fuse wire in every Electron binary since 12. */
const sentinel = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's defaults, fuse by fuse: RunAsNode, cookie encryption, NODE_OPTIONS, --inspect, asar integrity, asar only, V8 snapshot, file:// privileges. */
const electronDefaults = '10110001';

/**
 * A stand-in for a packaged Electron binary: bytes around the fuse wire exactly as Electron lays it out
 * (sentinel, wire version 1, wire length, one byte per fuse). The Electron binary cannot be downloaded
 * here; @electron/fuses reads and flips this file as it would the real one.
 */
function fakeBinary(file: string, wire = electronDefaults): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.concat([Buffer.from('\x7fELF...code...'), Buffer.from(sentinel), Buffer.from([1, wire.length]), Buffer.from(wire), Buffer.from('...more code')]));
  return file;
}

/** What electron-builder does with `electronFuses` (platformPackager.generateFuseConfig), on the fake binary. */
async function flipAsConfigured(binary: string): Promise<void> {
  const wanted = fuses.requiredFuses;
  await flipFuses(binary, {
    version: FuseVersion.V1,
    [FuseV1Options.RunAsNode]: wanted.runAsNode,
    [FuseV1Options.EnableCookieEncryption]: wanted.enableCookieEncryption,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: wanted.enableNodeOptionsEnvironmentVariable,
    [FuseV1Options.EnableNodeCliInspectArguments]: wanted.enableNodeCliInspectArguments,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: wanted.enableEmbeddedAsarIntegrityValidation,
    [FuseV1Options.OnlyLoadAppFromAsar]: wanted.onlyLoadAppFromAsar,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: wanted.grantFileProtocolExtraPrivileges,
  });
}

function check(...args: string[]) {
  return spawnSync(process.execPath, [checkScript, ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
}

describe('the Electron fuses in electron-builder.yml', () => {
  const config = fuses.readBuilderConfig(path.join(root, 'electron-builder.yml'));

  it('turns off every way to run other code in the binary, and turns on the asar and cookie protections', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
    expect(config.asar).toBe(true);
    expect(fuses.configProblems(config)).toEqual([]);
    expect(check('config').status).toBe(0);
  });

  it('makes the pre-build guard fail for a fuse left out or set wrong, or the read-back hook unwired', () => {
    const { runAsNode: _left, ...withoutRunAsNode } = config.electronFuses ?? {};
    expect(fuses.configProblems({ ...config, electronFuses: withoutRunAsNode })).toEqual(['electronFuses.runAsNode must be false (it is unset)']);
    expect(fuses.configProblems({ ...config, electronFuses: { ...config.electronFuses, onlyLoadAppFromAsar: false } })).toEqual([
      'electronFuses.onlyLoadAppFromAsar must be true (it is false)',
    ]);
    expect(fuses.configProblems({ ...config, afterPack: undefined })).toHaveLength(1);
    expect(fuses.configProblems({})).toHaveLength(Object.keys(fuses.requiredFuses).length + 1);
  });

  it('ships the per-machine installers, the policy folder scripts and the CLI launchers', () => {
    expect(config).toMatchObject({
      nsis: { oneClick: false, perMachine: true, allowElevation: true },
      msi: { perMachine: true },
      linux: { executableName: 'enclave', target: expect.arrayContaining(['deb', 'rpm']) },
      deb: { afterInstall: 'scripts/installer/linux/after-install.sh' },
      rpm: { afterInstall: 'scripts/installer/linux/after-install.sh' },
      mac: { hardenedRuntime: true, entitlements: 'scripts/installer/mac/entitlements.plist' },
    });
    const resources = (config.extraResources as { to: string }[]).map((entry) => entry.to);
    expect(resources).toEqual(expect.arrayContaining(['policy-templates', 'sbom.cdx.json', 'THIRD_PARTY_NOTICES.txt', 'models']));
    for (const file of ['scripts/installer/linux/after-install.sh', 'scripts/installer/linux/after-remove.sh', 'scripts/installer/win/enclave.cmd', 'scripts/installer/mac/enclave', 'scripts/installer/mac/pkg-scripts/postinstall']) {
      expect(fs.existsSync(path.join(root, file)), file).toBe(true);
    }
    const entitlements = fs.readFileSync(path.join(root, 'scripts/installer/mac/entitlements.plist'), 'utf8');
    expect(entitlements.match(/<key>[^<]+<\/key>/g)).toEqual(['<key>com.apple.security.cs.allow-jit</key>']);
  });
});

describe('reading the fuses back from a packaged binary', () => {
  const tempDir = useTempDir();

  it('names each fuse still at Electron’s default, and passes once they are flipped as configured', async () => {
    const binary = fakeBinary(path.join(tempDir(), 'enclave'));
    const problems = await fuses.binaryProblems(binary);
    expect(problems).toHaveLength(7);
    expect(problems[0]).toBe(`${binary}: runAsNode is on, must be off`);
    await flipAsConfigured(binary);
    await expect(fuses.binaryProblems(binary)).resolves.toEqual([]);
  });

  it('reports a fuse this Electron does not have as wrong, not as fine', async () => {
    const binary = fakeBinary(path.join(tempDir(), 'enclave'), '0000');
    expect(await fuses.binaryProblems(binary)).toContain(`${binary}: onlyLoadAppFromAsar is missing from this Electron, must be on`);
  });

  it('after electron-builder: fails the build for an unhardened binary in release/, passes a hardened one', async () => {
    const release = tempDir();
    const linux = fakeBinary(path.join(release, 'linux-unpacked', 'enclave'));
    const windows = fakeBinary(path.join(release, 'win-unpacked', 'Enclave.exe'));
    expect(fuses.packagedBinaries(release).sort()).toEqual([linux, windows].sort());

    const unhardened = check('packaged', release);
    expect(unhardened.status).toBe(1);
    expect(unhardened.stderr).toContain('ENCLAVE BUILD IS NOT HARDENED');
    expect(unhardened.stderr).toContain(`${linux}: runAsNode is on, must be off`);

    await flipAsConfigured(linux);
    expect(check('packaged', release).status).toBe(1);
    await flipAsConfigured(windows);
    const hardened = check('packaged', release);
    expect(hardened.status).toBe(0);
    expect(hardened.stdout).toContain(`Fuses verified: ${windows}`);
  });

  it('fails when there is no packaged app to check', () => {
    const result = check('packaged', tempDir());
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no packaged app found');
  });
});
