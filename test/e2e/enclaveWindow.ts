/**
 * The app window an e2e test file shares across its tests: started once before them, checked after
 * each, closed after all. Files whose harness differs (one that restarts the app, one started by a
 * server it needs first, one expected to fail at startup) call `startEnclave` themselves.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type EnclaveHarness, type EnclaveHarnessOptions, startEnclave } from './bridge.js';

export interface EnclaveWindowHooks {
  /** Puts the page back in the light colour scheme after each test (for files whose tests switch to dark). */
  resetColourScheme?: boolean;
}

/** The file's running app; reading it before its beforeAll ran (or after that failed) throws. */
export interface EnclaveWindow {
  readonly enclave: EnclaveHarness;
  readonly page: Page;
}

/**
 * Starts the app once for the file (beforeAll), checks after each test that the page logged no error
 * and loaded nothing from outside, closes it after all. A file's own beforeAll, registered after this
 * call, runs once the window is up; vitest runs after-hooks in reverse, so a file's own afterAll
 * (removing a scratch folder, say) runs before the window closes.
 */
export function useEnclaveWindow(options: EnclaveHarnessOptions, hooks: EnclaveWindowHooks = {}): EnclaveWindow {
  let started: EnclaveHarness | undefined;

  beforeAll(async () => {
    started = await startEnclave(options);
  });

  afterAll(async () => {
    // Unset when beforeAll failed before starting it.
    await started?.close();
  });

  afterEach(async () => {
    const { pageErrors, foreignRequests, page } = running();
    expect(pageErrors, 'console errors, uncaught exceptions or CSP violations').toEqual([]);
    expect(foreignRequests, 'the page must load nothing from outside the app').toEqual([]);
    if (hooks.resetColourScheme) await page.emulateMedia({ colorScheme: 'light' });
  });

  function running(): EnclaveHarness {
    if (!started) throw new Error('The app is not running: its beforeAll has not run, or failed.');
    return started;
  }

  return {
    get enclave() {
      return running();
    },
    get page() {
      return running().page;
    },
  };
}
