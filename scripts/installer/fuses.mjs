/**
 * The Electron fuses an Enclave installer must carry, and the two checks that hold a build to them:
 * the configuration (electron-builder.yml `electronFuses`) before anything is built, and the fuse wire
 * read back from each packaged binary after. Plain JavaScript: electron-builder loads after-pack.mjs
 * in its own Node process, and `npm run dist` runs check-fuses.mjs before anything is compiled.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import yaml from 'js-yaml';

/**
 * electron-builder's `electronFuses` keys and the value each must have. Off: ways for whoever starts
 * the binary to run their own code in it (ELECTRON_RUN_AS_NODE, NODE_OPTIONS, --inspect) and file://'s
 * extra privileges. On: cookies encrypted at rest, app.asar checked against the hash signed into the
 * binary, and the app loaded from app.asar only.
 */
export const requiredFuses = Object.freeze({
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  grantFileProtocolExtraPrivileges: false,
  enableCookieEncryption: true,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
});

/** The fuse wire's index of each key above (@electron/fuses FuseV1Options). */
const fuseIndex = {
  runAsNode: FuseV1Options.RunAsNode,
  enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
  enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
  grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
  enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
  enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
  onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
};

/** A fuse's byte on the wire ('0', '1', 'r'): @electron/fuses' FuseState, which its index does not export. */
const FuseState = Object.freeze({ DISABLE: 48, ENABLE: 49, REMOVED: 114 });

/** electron-builder.yml, parsed. */
export function readBuilderConfig(file) {
  return yaml.load(fs.readFileSync(file, 'utf8'));
}

/** What is wrong with a configuration's fuses and hooks, one line each; empty when nothing is. */
export function configProblems(config) {
  const fuses = config?.electronFuses ?? {};
  const problems = Object.entries(requiredFuses)
    .filter(([key, wanted]) => fuses[key] !== wanted)
    .map(([key, wanted]) => `electronFuses.${key} must be ${wanted} (it is ${fuses[key] ?? 'unset'})`);
  if (config?.afterPack !== 'scripts/installer/after-pack.mjs') problems.push('afterPack must be scripts/installer/after-pack.mjs, which reads the fuses back');
  return problems;
}

/** What is wrong with the fuses of a packaged binary (an executable, or a macOS .app), one line each. */
export async function binaryProblems(binary, read = getCurrentFuseWire) {
  const wire = await read(binary);
  return Object.entries(requiredFuses).flatMap(([key, wanted]) => {
    const state = wire[fuseIndex[key]];
    const expected = wanted ? FuseState.ENABLE : FuseState.DISABLE;
    return state === expected ? [] : [`${binary}: ${key} is ${describeState(state)}, must be ${wanted ? 'on' : 'off'}`];
  });
}

/**
 * The app binaries electron-builder left in its output folder: release/linux-unpacked/enclave,
 * release/win-unpacked/Enclave.exe, release/mac/Enclave.app (and their per-architecture variants).
 */
export function packagedBinaries(outputDir) {
  if (!fs.existsSync(outputDir)) return [];
  return fs
    .readdirSync(outputDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && (entry.name.endsWith('-unpacked') || entry.name.startsWith('mac')))
    .flatMap((entry) => ['enclave', 'Enclave.exe', 'Enclave.app'].map((name) => path.join(outputDir, entry.name, name)))
    .filter((candidate) => fs.existsSync(candidate));
}

function describeState(state) {
  if (state === FuseState.ENABLE) return 'on';
  if (state === FuseState.DISABLE) return 'off';
  if (state === FuseState.REMOVED) return 'removed from this Electron';
  return 'missing from this Electron';
}
