/**
 * Settings → Local API as a user meets it: with no policy enabling the server, one line saying so and
 * no form; with a policy that enables it, the switch starts the server on the port typed, the address
 * is shown to copy, a client's token is shown once and opens the API at that address, Revoke (after
 * asking) closes it, and a port in use is said in place. Real core, real HTTP server, real fetch.
 */
import net from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations } from './accessibility.js';
import { type EnclaveHarness, startEnclave } from './bridge.js';
import { openSection } from './modelsPage.js';
import { focusedElementPlace, isFocused } from './pageProbes.js';
import { resizeWindow } from './viewport.js';

const switchName = 'Serve local models to programs on this computer';
const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/** A loopback port nothing listens on now (the OS's choice, so parallel runs do not collide). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Another program holding a loopback port, as a port in use looks to the server. */
async function occupyPort(): Promise<net.Server> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function openLocalApi(page: Page) {
  await openSection(page, 'Settings');
  await page.getByRole('navigation', { name: 'Settings', exact: true }).getByRole('link', { name: 'Local API', exact: true }).click();
  return page.getByRole('region', { name: 'Local API', exact: true });
}

function modelsStatus(url: string, token?: string): Promise<number> {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  return fetch(`${url}/models`, { headers }).then((response) => response.status);
}

function startedHarness(policyFileText?: string) {
  let enclave: EnclaveHarness | undefined;
  beforeAll(async () => {
    enclave = await startEnclave(policyFileText === undefined ? { withModel: false } : { withModel: false, policyFileText });
  });
  afterAll(async () => {
    await enclave?.close();
  });
  afterEach(() => {
    expect(enclave?.pageErrors, 'console errors, uncaught exceptions or CSP violations').toEqual([]);
    expect(enclave?.foreignRequests, 'the page must load nothing from outside the app').toEqual([]);
  });
  return () => {
    if (!enclave) throw new Error('The app is not running: its beforeAll failed.');
    return enclave;
  };
}

describe('the local API with no policy enabling it', () => {
  const app = startedHarness();

  it('says in one line that the machine policy does not enable it, with no form that cannot be used', async () => {
    const { page } = app();
    const section = await openLocalApi(page);
    const line = section.locator('[data-api-server="off-by-policy"]');
    await line.waitFor();
    expect(squash(await line.textContent())).toBe(
      'The local API server is off: the machine policy does not enable it, so no other program can use the local models. ' +
        'An administrator can turn it on with apiServer.enabled in the policy file.',
    );
    expect(await section.getByRole('switch').count()).toBe(0);
    expect(await section.getByRole('textbox').count()).toBe(0);
    expect(await section.getByRole('button').count()).toBe(0);

    // The policy's locks list it under its own heading, as off.
    const locked = page.getByRole('region', { name: 'Network and policy', exact: true }).locator('.locked-settings');
    const group = locked.getByRole('group', { name: 'Local API' });
    expect(await group.locator('[data-key="apiServer.enabled"] dd.locked-value').textContent()).toBe('no');
    expect(await group.locator('[data-key="apiServer.allowLan"] dd.locked-value').textContent()).toBe('loopback only (this computer)');
    await section.getByRole('heading', { level: 2, name: 'Local API' }).evaluate((heading) => (heading as { scrollIntoView(): void }).scrollIntoView());
    await app().screenshot(page, 'settings-local-api-off', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});

describe('the local API with a policy that enables it', () => {
  const app = startedHarness(JSON.stringify({ name: 'Contoso IT', apiServer: { enabled: true, maxConcurrentRequests: 2 } }));
  let url = '';
  let token = '';

  it('starts on the port typed when switched on, and shows the address to copy and what the policy fixes', async () => {
    const { page, core } = app();
    const section = await openLocalApi(page);
    const form = section.getByRole('form', { name: 'Local API server' });
    const serverSwitch = form.getByRole('switch', { name: switchName });
    await serverSwitch.waitFor();
    expect(await serverSwitch.isChecked()).toBe(false);
    expect(squash(await form.locator('.api-server-state').textContent())).toBe('Off: no program can reach the local models through Enclave.');

    // A port out of range is said in place, and cannot be saved.
    const portField = form.getByRole('textbox', { name: 'Port' });
    await portField.fill('80');
    expect(await page.locator('#api-server-port-hint').textContent()).toBe('Port: enter a whole number from 1024 to 65535.');
    expect(await form.getByRole('button', { name: 'Save port' }).isDisabled()).toBe(true);

    const port = await freePort();
    await portField.fill(String(port));
    expect(await form.locator('.save-status').textContent()).toBe('Unsaved changes');
    await serverSwitch.click();
    url = `http://127.0.0.1:${port}/v1`;
    await expect.poll(() => form.locator('.api-server-url').textContent(), { timeout: 20_000 }).toBe(url);
    expect(await serverSwitch.isChecked()).toBe(true);
    expect(await form.locator('.save-status').textContent()).toBe('');
    expect(await form.getByRole('button', { name: 'Copy base URL' }).count()).toBe(1);
    expect(await core.handlers['apiServer.status']({})).toMatchObject({ running: true, url, port });

    const policyNote = squash(await section.locator('[data-api-server="policy"]').textContent());
    expect(policyNote).toContain('This computer only (127.0.0.1): the policy does not allow the network.');
    expect(policyNote).toContain('No web pages may call it.');
    expect(policyNote).toContain('At most 2 requests at once; more wait their turn.');
    expect(await modelsStatus(url), 'no token, no answer').toBe(401);
  });

  it('shows a new client’s token once, and that token opens the API at the address shown', async () => {
    const { page, core } = app();
    const section = page.getByRole('region', { name: 'Local API', exact: true });
    expect(squash(await section.textContent())).toContain('No clients yet.');
    const addForm = section.getByRole('form', { name: 'Add a client' });
    await addForm.getByRole('textbox', { name: 'Name' }).fill('Notebook');
    await addForm.getByRole('button', { name: 'Add client' }).click();

    const tokenField = addForm.getByRole('textbox', { name: 'Token for Notebook' });
    await tokenField.waitFor();
    token = await tokenField.inputValue();
    expect(token.length).toBeGreaterThan(20);
    expect(await tokenField.getAttribute('readonly')).not.toBeNull();
    expect(await tokenField.evaluate(isFocused)).toBe(true);
    expect(squash(await addForm.locator('#api-client-token-hint').textContent())).toContain('Shown once; Enclave keeps only its hash.');
    expect(await addForm.getByRole('button', { name: 'Copy token for Notebook' }).count()).toBe(1);
    expect(await addForm.getByRole('textbox', { name: 'Name' }).inputValue()).toBe('');

    const row = section.getByRole('table', { name: 'Clients' }).getByRole('row', { name: /Notebook/ });
    await row.waitFor();
    expect(await row.locator('td').nth(1).textContent()).toBe('Never');
    expect(await modelsStatus(url, token)).toBe(200);
    expect((await core.handlers['apiServer.status']({})).tokens[0]?.lastUsedAt).not.toBeNull();

    // The whole section in one picture: switch, address, policy, clients and the token shown once.
    await resizeWindow(page, { width: 1280, height: 1300 });
    try {
      await section.getByRole('heading', { level: 2, name: 'Local API' }).evaluate((heading) => (heading as { scrollIntoView(): void }).scrollIntoView());
      await app().screenshot(page, 'settings-local-api', 'light');
      expect(await accessibilityViolations(page)).toEqual([]);
      await app().screenshot(page, 'settings-local-api', 'dark');
      expect(await accessibilityViolations(page)).toEqual([]);
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
      await resizeWindow(page, { width: 1280, height: 800 });
    }

    // Done: the token leaves the page for good.
    await addForm.getByRole('button', { name: 'Done' }).click();
    expect(await tokenField.count()).toBe(0);
    expect(await page.content()).not.toContain(token);
  });

  it('revokes a client after asking, and its token stops working at once', async () => {
    const { page, core } = app();
    const section = page.getByRole('region', { name: 'Local API', exact: true });
    await section.getByRole('button', { name: 'Revoke Notebook' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke Notebook?' });
    await dialog.waitFor();
    // Cancelled, nothing changes.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await modelsStatus(url, token)).toBe(200);

    await section.getByRole('button', { name: 'Revoke Notebook' }).click();
    await dialog.getByRole('button', { name: 'Revoke client' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => section.getByRole('table', { name: 'Clients' }).count()).toBe(0);
    expect((await core.handlers['apiServer.status']({})).tokens).toEqual([]);
    expect(await modelsStatus(url, token)).toBe(401);
    // The row is gone: focus lands on the name field of "Add a client", not on the page's body.
    expect((await page.evaluate(focusedElementPlace)).id).toBe('api-client-name');
  });

  it('says in place when the port is in use, and stops when switched off', async () => {
    const { page, core } = app();
    const form = page.getByRole('form', { name: 'Local API server' });
    const taken = await occupyPort();
    try {
      const takenPort = (taken.address() as net.AddressInfo).port;
      await form.getByRole('textbox', { name: 'Port' }).fill(String(takenPort));
      await form.getByRole('button', { name: 'Save port' }).click();
      const problem = form.locator('[data-api-server="problem"]');
      await problem.waitFor({ timeout: 20_000 });
      expect(squash(await problem.textContent())).toContain(`Port ${takenPort} on 127.0.0.1 is in use by another program`);
      expect(await form.locator('.api-server-url').count()).toBe(0);
      expect(await form.getByRole('switch', { name: switchName }).isChecked()).toBe(true);
      expect(await core.handlers['apiServer.status']({})).toMatchObject({ running: false, port: takenPort });
      expect(await accessibilityViolations(page)).toEqual([]);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }

    await form.getByRole('switch', { name: switchName }).click();
    await expect.poll(() => form.getByRole('switch', { name: switchName }).isChecked()).toBe(false);
    expect(squash(await form.locator('.api-server-state').textContent())).toBe('Off: no program can reach the local models through Enclave.');
    expect((await core.handlers['apiServer.status']({})).running).toBe(false);
  });
});
