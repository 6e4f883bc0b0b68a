/**
 * `npm run sbom`: out/sbom.cdx.json, a CycloneDX 1.6 JSON SBOM of what the installers ship. The
 * production npm dependencies come from @cyclonedx/cyclonedx-npm, which reads package-lock.json and
 * node_modules (offline); two components it cannot see are added here: the llama.cpp release that
 * node-llama-cpp's binaries are built from, and Electron (a devDependency to npm, yet the runtime the
 * installers carry). Optional platform packages are listed as installed on the building machine,
 * so each OS's build describes its own installer. `--output <file>` writes elsewhere.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..', '..');

/** node-llama-cpp's record of the llama.cpp release it bundles (llama/llama.cpp.info.json). */
export function readLlamaCppRelease(nodeLlamaCppDir) {
  const info = JSON.parse(fs.readFileSync(path.join(nodeLlamaCppDir, 'llama', 'llama.cpp.info.json'), 'utf8'));
  if (typeof info.tag !== 'string' || typeof info.llamaCppGithubRepo !== 'string') throw new Error(`${nodeLlamaCppDir}/llama/llama.cpp.info.json names no llama.cpp release`);
  return { tag: info.tag, repository: info.llamaCppGithubRepo };
}

/** Adds llama.cpp under node-llama-cpp, and Electron under the app, to a cyclonedx-npm BOM. */
export function completeBom(bom, { llamaCpp, electronVersion }) {
  const app = bom.metadata.component['bom-ref'];
  const nodeLlamaCpp = bom.components.find((component) => component.name === 'node-llama-cpp' && !component.group);
  if (!nodeLlamaCpp) throw new Error('the SBOM has no node-llama-cpp component to attach llama.cpp to');
  const llamaRef = `${app}|llama.cpp@${llamaCpp.tag}`;
  const electronRef = `${app}|electron@${electronVersion}`;
  const components = [
    ...bom.components,
    {
      type: 'library',
      'bom-ref': llamaRef,
      name: 'llama.cpp',
      version: llamaCpp.tag,
      description: `The llama.cpp release node-llama-cpp ${nodeLlamaCpp.version} builds its native binaries from.`,
      licenses: [{ license: { id: 'MIT', acknowledgement: 'declared' } }],
      purl: `pkg:github/${llamaCpp.repository}@${llamaCpp.tag}`,
      externalReferences: [{ type: 'vcs', url: `https://github.com/${llamaCpp.repository}` }],
    },
    {
      type: 'framework',
      'bom-ref': electronRef,
      name: 'electron',
      version: electronVersion,
      description: 'The runtime the installers ship (Chromium, Node.js); its own licences are in LICENSES.chromium.html beside the app.',
      licenses: [{ license: { id: 'MIT', acknowledgement: 'declared' } }],
      purl: `pkg:npm/electron@${electronVersion}`,
    },
  ];
  const dependencies = bom.dependencies.map((entry) => {
    if (entry.ref === nodeLlamaCpp['bom-ref']) return { ...entry, dependsOn: [...(entry.dependsOn ?? []), llamaRef] };
    if (entry.ref === app) return { ...entry, dependsOn: [...(entry.dependsOn ?? []), electronRef] };
    return entry;
  });
  if (!dependencies.some((entry) => entry.ref === nodeLlamaCpp['bom-ref'])) dependencies.push({ ref: nodeLlamaCpp['bom-ref'], dependsOn: [llamaRef] });
  return { ...bom, components, dependencies: [...dependencies, { ref: llamaRef }, { ref: electronRef }] };
}

/** Runs cyclonedx-npm over the production dependencies and returns its BOM. */
function generateNpmBom() {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-sbom-'));
  const file = path.join(scratch, 'npm.cdx.json');
  try {
    const cli = path.join(root, 'node_modules', '@cyclonedx', 'cyclonedx-npm', 'bin', 'cyclonedx-npm-cli.js');
    const args = [cli, '--omit', 'dev', '--spec-version', '1.6', '--output-format', 'JSON', '--output-reproducible', '--flatten-components', '--output-file', file];
    const run = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
    if (run.status !== 0) throw new Error(`cyclonedx-npm failed (exit ${run.status ?? run.signal})`);
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function main() {
  const { values } = parseArgs({ options: { output: { type: 'string', default: path.join(root, 'out', 'sbom.cdx.json') } } });
  const electronVersion = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  const bom = completeBom(generateNpmBom(), { llamaCpp: readLlamaCppRelease(path.join(root, 'node_modules', 'node-llama-cpp')), electronVersion });
  fs.mkdirSync(path.dirname(values.output), { recursive: true });
  fs.writeFileSync(values.output, `${JSON.stringify(bom, null, 2)}\n`);
  console.log(`SBOM: ${values.output} (${bom.components.length} components)`);
}

if (import.meta.filename === process.argv[1]) main();
