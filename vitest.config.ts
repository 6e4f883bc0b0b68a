import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Renderer modules unit-tested here import electron/shared as `@shared/...` (tsconfig.web.json `paths`).
  resolve: { alias: { '@shared': resolve('electron/shared') } },
  test: {
    include: ['test/**/*.test.ts'],
    // Native addons (better-sqlite3, node-llama-cpp) are safest in separate processes, not threads.
    pool: 'forks',
    // Two cores: more workers only make the llama.cpp tests fight over them.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['test/globalSetup.ts'],
    reporters: ['default', './test/support/summaryReporter.ts'],
  },
});
