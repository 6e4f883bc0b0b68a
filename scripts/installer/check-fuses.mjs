/**
 * `node scripts/installer/check-fuses.mjs config` (before a build): electron-builder.yml sets every fuse
 * Enclave needs, and the after-pack check is wired. `node scripts/installer/check-fuses.mjs packaged
 * [release]` (after it): every packaged binary carries them. Exits 1, naming each problem, otherwise
 * 0; `npm run dist` runs both, so it fails rather than leave an unhardened build looking finished.
 */
import path from 'node:path';
import { binaryProblems, configProblems, packagedBinaries, readBuilderConfig } from './fuses.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const [mode, outputDir = path.join(root, 'release')] = process.argv.slice(2);

async function main() {
  if (mode === 'config') return report(configProblems(readBuilderConfig(path.join(root, 'electron-builder.yml'))), 'electron-builder.yml');
  if (mode === 'packaged') {
    const binaries = packagedBinaries(path.resolve(outputDir));
    if (binaries.length === 0) return report([`no packaged app found in ${outputDir}`], 'the packaged app');
    const problems = (await Promise.all(binaries.map((binary) => binaryProblems(binary)))).flat();
    if (problems.length === 0) for (const binary of binaries) console.log(`Fuses verified: ${binary}`);
    return report(problems, 'the packaged app');
  }
  console.error('usage: node scripts/installer/check-fuses.mjs config | packaged [release-folder]');
  return 2;
}

function report(problems, what) {
  if (problems.length === 0) return 0;
  console.error(`\nENCLAVE BUILD IS NOT HARDENED: ${what} fails the Electron fuse check. Do not ship it.`);
  for (const problem of problems) console.error(`  - ${problem}`);
  return 1;
}

process.exitCode = await main();
