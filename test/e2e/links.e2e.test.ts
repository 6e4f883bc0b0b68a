/**
 * External links as a user meets them, in the built renderer in Chromium over the real core: a link
 * in a reply never opens on a click; the window shows its full URL and asks; with the machine policy
 * offline (no policy file, as on a machine without one) it is never opened, but copied to the
 * clipboard, saying why. The system browser and clipboard are the bridge's recording mocks.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedChat } from '../unit/history/historyFixtures.js';
import { accessibilityViolations } from './accessibility.js';
import type { EnclaveHarness } from './bridge.js';
import { useEnclaveWindow } from './enclaveWindow.js';
import { emitFunctionName, emitInPage } from './pageApi.js';

const linkUrl = 'https://docs.example.com/guide/setup?page=2&lang=en#install';
const otherUrl = 'https://example.org/opened-by-window-open';

const app = useEnclaveWindow({ withModel: true });
let enclave: EnclaveHarness;
let page: Page;

beforeAll(async () => {
  ({ enclave, page } = app);
  seedChat(enclave.core.db!, 'Where the docs are', [
    { role: 'user', content: 'Where is the setup guide?' },
    { role: 'assistant', content: `Read [the setup guide](${linkUrl}) before you start.` },
  ]);
  await page.reload();
});

const linkDialog = () => page.getByRole('dialog', { name: 'Copy this link?' });

describe('links in replies', () => {
  it('clicking a link shows its full URL and asks; with the policy offline it is copied, never opened', async () => {
    await page.getByRole('listitem').getByRole('button', { name: 'Where the docs are', exact: true }).click();
    const link = page.getByRole('link', { name: 'the setup guide' });
    await link.click();

    const dialog = linkDialog();
    await dialog.waitFor();
    expect(await dialog.getByTestId('link-confirm-url').textContent()).toBe(linkUrl);
    expect(await dialog.textContent()).toContain('policy keeps Enclave offline');
    expect(await accessibilityViolations(page), 'the link dialog').toEqual([]);
    await enclave.screenshot(page, 'link-confirm-offline', 'light');
    await page.emulateMedia({ colorScheme: 'light' });

    // Cancelled: nothing leaves.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(enclave.clipboard).toEqual([]);

    await link.click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Copy link' }).click();
    const status = dialog.getByRole('status');
    await status.waitFor();
    expect(await status.textContent()).toMatch(/policy keeps Enclave offline, so it does not open links\. The address was copied/);
    expect(enclave.clipboard).toEqual([linkUrl]);
    expect(enclave.openedLinks).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('asks the same way about a link main stopped on its way out (window.open, a navigation)', async () => {
    // What main's window-open and will-navigate handlers send the window (electron/main/security.ts).
    await page.evaluate(emitInPage, [emitFunctionName, { type: 'link.requested', url: otherUrl }] as const);
    const dialog = linkDialog();
    await dialog.waitFor();
    expect(await dialog.getByTestId('link-confirm-url').textContent()).toBe(otherUrl);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(enclave.openedLinks).toEqual([]);
    expect(enclave.clipboard).toEqual([linkUrl]);
  });
});
