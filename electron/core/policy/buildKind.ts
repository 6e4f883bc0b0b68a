import { fileURLToPath } from 'node:url';

/**
 * Whether this build lets ENCLAVE_POLICY_FILE replace the machine policy: only when Enclave runs from
 * its TypeScript sources (the tests, `npm run cli` through tsx), which is what a development or test
 * build is. Every built bundle (the packaged app, an installed CLI) is JavaScript, so there it is off
 * whatever the environment says; a check that fails closed if a bundler ever rewrites it. The Electron
 * shell also allows it in an unpackaged app (`npm run dev`), by `allowPolicyFile: !app.isPackaged`.
 */
export const policyFileAllowedByBuild: boolean = fileURLToPath(import.meta.url).endsWith('.ts');
