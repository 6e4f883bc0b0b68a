/**
 * `npm run notices`: out/THIRD_PARTY_NOTICES.txt, the licence of everything the installers ship: each
 * production npm package installed (package-lock.json entries not marked dev), with its licence and
 * notice files as the package carries them; Electron; and llama.cpp, whose licence is read from the
 * release node-llama-cpp bundles (llama/gitRelease.bundle, which needs `git`). Offline. Fails rather
 * than write a notice with a shipped component's licence missing where one can be read.
 * `--output <file>` writes elsewhere.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readLlamaCppRelease } from './sbom.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const licenceFile = /^(licen[cs]e|copying|notice)([-._].*)?$/i;

/** The production packages installed under `projectDir`, from its package-lock.json, sorted by name. */
export function productionPackages(projectDir) {
  const lock = JSON.parse(fs.readFileSync(path.join(projectDir, 'package-lock.json'), 'utf8'));
  return Object.entries(lock.packages ?? {})
    .filter(([location, entry]) => location !== '' && !entry.dev && !entry.link && fs.existsSync(path.join(projectDir, location, 'package.json')))
    .map(([location]) => {
      const dir = path.join(projectDir, location);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      return { name: manifest.name, version: manifest.version, license: describeLicense(manifest), dir };
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

/** The licence and notice texts a package folder carries, by file name. */
export function licenceTexts(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && licenceFile.test(entry.name))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((entry) => ({ file: entry.name, text: fs.readFileSync(path.join(dir, entry.name), 'utf8').trim() }));
}

/** One section of the notice. */
export function section(title, license, texts) {
  const body = texts.length > 0 ? texts.map(({ file, text }) => `--- ${file} ---\n${text}`).join('\n\n') : '(The package carries no licence file; its declared licence is above.)';
  return `${'='.repeat(78)}\n${title}\nLicense: ${license}\n\n${body}\n`;
}

function describeLicense(manifest) {
  if (typeof manifest.license === 'string') return manifest.license;
  if (manifest.license && typeof manifest.license.type === 'string') return manifest.license.type;
  if (Array.isArray(manifest.licenses)) return manifest.licenses.map((entry) => entry.type ?? String(entry)).join(' OR ');
  return 'UNKNOWN';
}

/** llama.cpp's LICENSE from node-llama-cpp's git bundle of the release. */
function llamaCppLicence(nodeLlamaCppDir) {
  const bundle = path.join(nodeLlamaCppDir, 'llama', 'gitRelease.bundle');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-llama-licence-'));
  try {
    execFileSync('git', ['clone', '--quiet', '--bare', bundle, scratch], { stdio: ['ignore', 'ignore', 'inherit'] });
    return execFileSync('git', ['--git-dir', scratch, 'show', 'HEAD:LICENSE'], { encoding: 'utf8' }).trim();
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function main() {
  const { values } = parseArgs({ options: { output: { type: 'string', default: path.join(root, 'out', 'THIRD_PARTY_NOTICES.txt') } } });
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const nodeLlamaCpp = path.join(root, 'node_modules', 'node-llama-cpp');
  const llama = readLlamaCppRelease(nodeLlamaCpp);
  const electronDir = path.join(root, 'node_modules', 'electron');
  const electron = JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8'));
  const packages = productionPackages(root);
  const sections = [
    section(`electron ${electron.version} (the runtime; Chromium's own licences: LICENSES.chromium.html beside the app)`, 'MIT', licenceTexts(electronDir)),
    section(`llama.cpp ${llama.tag} (https://github.com/${llama.repository}, built into node-llama-cpp's binaries)`, 'MIT', [{ file: 'LICENSE', text: llamaCppLicence(nodeLlamaCpp) }]),
    ...packages.map((entry) => section(`${entry.name} ${entry.version}`, entry.license, licenceTexts(entry.dir))),
  ];
  const header = `${manifest.productName ?? manifest.name} ${manifest.version}: third-party software notices\n\nThis file lists the third-party software shipped with ${manifest.productName ?? manifest.name} and its licences.\n`;
  fs.mkdirSync(path.dirname(values.output), { recursive: true });
  fs.writeFileSync(values.output, `${header}\n${sections.join('\n')}`);
  console.log(`Notices: ${values.output} (${packages.length + 2} components)`);
}

if (import.meta.filename === process.argv[1]) main();
