/**
 * When core cannot open the database (here: a file that is not SQLite), the window shows that, the
 * error in plain words and the database path — and nothing it cannot back up.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type EnclaveHarness, startEnclave } from './bridge.js';

let enclave: EnclaveHarness;

beforeAll(async () => {
  enclave = await startEnclave({
    withModel: true,
    // SQLite's header, then junk: without the header the bytes would pass for an encrypted database
    // whose key file is missing, which the lock screen handles (storage.e2e.test.ts).
    prepareDataDir: (dataDir) => writeFile(path.join(dataDir, 'enclave.db'), `SQLite format 3\0${'not a database, just bytes '.repeat(300)}`),
  });
});

afterAll(async () => {
  // Unset when beforeAll failed before starting it.
  await (enclave as EnclaveHarness | undefined)?.close();
});

it('shows a corrupt database as a full-window message with the error and the database path', async () => {
  const { page, core } = enclave;
  const alert = page.getByRole('alert');
  await alert.getByRole('heading', { name: 'Enclave could not start' }).waitFor();
  const status = core.status;
  expect(status.startupError).not.toBeNull();
  const text = await alert.textContent();
  expect(text).toContain(status.startupError!.message);
  expect(text).toContain(status.databasePath);
  expect(await page.getByRole('button').count()).toBe(0);
  expect(await page.getByRole('textbox').count()).toBe(0);
  expect(enclave.pageErrors).toEqual([]);
  await enclave.screenshot(page, 'startup-error', 'light');
  await enclave.screenshot(page, 'startup-error', 'dark');
});
