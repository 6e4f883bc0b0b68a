import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../support/tempDir.js';

const root = path.resolve(import.meta.dirname, '../../..');

interface Component {
  name: string;
  version: string;
  'bom-ref': string;
  purl?: string;
  group?: string;
}
interface Bom {
  bomFormat: string;
  specVersion: string;
  metadata: { component: Component };
  components: Component[];
  dependencies: { ref: string; dependsOn?: string[] }[];
}
interface SbomModule {
  readLlamaCppRelease(dir: string): { tag: string; repository: string };
  completeBom(bom: Bom, extra: { llamaCpp: { tag: string; repository: string }; electronVersion: string }): Bom;
}
const sbom = (await import(pathToFileURL(path.join(root, 'scripts', 'installer', 'sbom.mjs')).href)) as SbomModule;
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const llama = sbom.readLlamaCppRelease(path.join(root, 'node_modules', 'node-llama-cpp'));

function run(script: string, output: string) {
  return spawnSync(process.execPath, [path.join(root, 'scripts', 'installer', script), '--output', output], { cwd: root, encoding: 'utf8', timeout: 60_000 });
}

describe('npm run sbom', () => {
  const tempDir = useTempDir();

  it('writes a CycloneDX SBOM of the production dependencies, llama.cpp and Electron, offline, from node_modules', () => {
    const output = path.join(tempDir(), 'sbom.cdx.json');
    const result = run('sbom.mjs', output);
    expect(result.status, result.stderr).toBe(0);
    const bom = JSON.parse(fs.readFileSync(output, 'utf8')) as Bom;
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6', metadata: { component: { name: 'enclave' } } });

    const names = new Set(bom.components.map((component) => (component.group ? `${component.group}/${component.name}` : component.name)));
    for (const dependency of Object.keys(manifest.dependencies)) expect(names, dependency).toContain(dependency);
    // Build tools are not shipped, so not listed (Electron is, as the runtime).
    for (const tool of ['vitest', 'typescript-eslint', 'electron-builder', 'vite']) expect(names, tool).not.toContain(tool);

    const llamaCpp = bom.components.find((component) => component.name === 'llama.cpp');
    expect(llamaCpp).toMatchObject({ version: llama.tag, purl: `pkg:github/${llama.repository}@${llama.tag}` });
    const nodeLlamaCpp = bom.components.find((component) => component.name === 'node-llama-cpp' && !component.group)!;
    expect(bom.dependencies.find((entry) => entry.ref === nodeLlamaCpp['bom-ref'])?.dependsOn).toContain(llamaCpp?.['bom-ref']);
    expect(bom.components.find((component) => component.name === 'electron')?.version).toBe(manifest.devDependencies.electron);
    // Every reference resolves: a tool reading the graph finds each component.
    const refs = new Set([bom.metadata.component['bom-ref'], ...bom.components.map((component) => component['bom-ref'])]);
    for (const entry of bom.dependencies) for (const ref of [entry.ref, ...(entry.dependsOn ?? [])]) expect(refs, ref).toContain(ref);
  });

  it('refuses a BOM without node-llama-cpp rather than leave llama.cpp out', () => {
    const bare: Bom = { bomFormat: 'CycloneDX', specVersion: '1.6', metadata: { component: { name: 'enclave', version: '0', 'bom-ref': 'enclave@0' } }, components: [], dependencies: [] };
    expect(() => sbom.completeBom(bare, { llamaCpp: llama, electronVersion: '45.0.0' })).toThrow(/node-llama-cpp/);
  });
});

describe('npm run notices', () => {
  const tempDir = useTempDir();

  it('writes each shipped component with its licence text, llama.cpp and Electron included', () => {
    const output = path.join(tempDir(), 'THIRD_PARTY_NOTICES.txt');
    const result = run('notices.mjs', output);
    expect(result.status, result.stderr).toBe(0);
    const text = fs.readFileSync(output, 'utf8');
    expect(text).toMatch(new RegExp(`llama\\.cpp ${llama.tag.replace(/\./g, '\\.')} .*\\nLicense: MIT\\n\\n--- LICENSE ---\\nMIT License\\n\\nCopyright \\(c\\) \\d{4}-\\d{4} The ggml authors`));
    expect(text).toMatch(/\nelectron \d+\.\d+\.\d+ .*\nLicense: MIT\n\n--- LICENSE ---\nCopyright \(c\) Electron contributors/);
    expect(text).toMatch(/\nzod \d+\.\d+\.\d+\nLicense: MIT\n\n--- LICENSE ---\n/);
    expect(text).toMatch(/\nbetter-sqlite3-multiple-ciphers \S+\nLicense: MIT\n/);
    expect(text).not.toMatch(/\nvitest \d/);
  });
});
