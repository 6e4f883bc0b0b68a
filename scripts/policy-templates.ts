/**
 * `npm run policy:templates`: writes the machine policy templates IT deploys with, all generated from the
 * schema in electron/shared/policy.ts, into out/policy-templates/ (shipped in the installers' resources):
 *
 * - enclave.admx, en-US/enclave.adml: Group Policy (and Intune's ADMX import); registry values under
 *   HKLM\SOFTWARE\Policies\Enclave, one per setting, named by dotted path.
 * - enclave.mobileconfig: an example macOS configuration profile (Jamf, Intune) for the app's bundle id.
 * - policy.example.json: a full example of the JSON policy file.
 *
 * Only out/policy-templates/ is written: the rest of out/ is electron-vite's build.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { policySettings } from '../electron/core/policy/policySettings.js';
import { renderAdmx } from './policyTemplates/admx.js';
import { examplePolicy } from './policyTemplates/examplePolicy.js';
import { renderMobileconfig } from './policyTemplates/mobileconfig.js';

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
export const policyTemplatesFolder = join(repositoryRoot, 'out', 'policy-templates');

/** One file of the templates: its path under out/policy-templates/ and its content. */
export interface PolicyTemplateFile {
  path: string;
  content: string;
}

/** Every template file, rendered (nothing written). */
export function renderPolicyTemplates(): PolicyTemplateFile[] {
  const example = examplePolicy();
  const { admx, adml } = renderAdmx({ settings: policySettings(), example, appVersion: appVersion() });
  return [
    { path: 'enclave.admx', content: admx },
    { path: 'en-US/enclave.adml', content: adml },
    { path: 'enclave.mobileconfig', content: renderMobileconfig({ bundleId: bundleId(), policy: example }) },
    { path: 'policy.example.json', content: `${JSON.stringify(example, null, 2)}\n` },
  ];
}

/** The app's bundle id, from electron-builder.yml (`appId`), the one place it is set. */
export function bundleId(): string {
  const config = readFileSync(join(repositoryRoot, 'electron-builder.yml'), 'utf8');
  const appId = /^appId:\s*["']?([A-Za-z0-9.-]+)["']?\s*$/m.exec(config)?.[1];
  if (appId === undefined) throw new Error('electron-builder.yml has no appId: the configuration profile needs the bundle id');
  return appId;
}

function appVersion(): string {
  const manifest = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const file of renderPolicyTemplates()) {
    const target = join(policyTemplatesFolder, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
    console.log(`wrote ${target}`);
  }
}
