import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Renderer modules unit-tested here import electron/shared as `@shared/...` (tsconfig.web.json `paths`).
  resolve: { alias: { '@shared': resolve('electron/shared') } },
  test: {
    include: ['test/**/*.test.ts'],
    // Native addons (better-sqlite3-multiple-ciphers, node-llama-cpp) are safest in separate processes, not threads.
    pool: 'forks',
    // Two cores: more workers only make the llama.cpp tests fight over them.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/globalSetup.ts'],
    // Every database the suite makes is encrypted, as in the app: cores get a (boundary-mocked) OS
    // keychain (test/support/core.ts), and the CLI, which has none, this passphrase.
    env: { ENCLAVE_PASSPHRASE_FILE: resolve('test/fixtures/storage/test-passphrase.txt') },
    reporters: ['default', './test/support/summaryReporter.ts'],
  },
});
