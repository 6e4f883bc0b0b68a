/**
 * The Settings view: its sections and the navigation to them (by keyboard, the one being read marked),
 * one Save per section with its own status, the policy's locked settings grouped by area, a narrow
 * window; this machine's hardware, the runtime settings, and which models suit it. A memory budget
 * too small for any model shows up as "does not fit" everywhere, and Load is refused with the numbers.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations } from './accessibility.js';
import type { EnclaveHarness } from './bridge.js';
import { useEnclaveWindow } from './enclaveWindow.js';
import { inspect, memoryEstimate, openSection } from './modelsPage.js';
import { resizeWindow } from './viewport.js';
import { focusedElementPlace, isFocused, pageScrollsSideways } from './pageProbes.js';

const tinyChat = 'Enclave Tiny Chat (generated)';

const app = useEnclaveWindow({ withModel: true });
let enclave: EnclaveHarness;
let page: Page;

beforeAll(() => {
  ({ enclave, page } = app);
});

const section = (name: string) => page.getByRole('region', { name, exact: true });
const settingsNav = () => page.getByRole('navigation', { name: 'Settings', exact: true });
const navLink = (name: string) => settingsNav().getByRole('link', { name, exact: true });
const sectionNames = ['Hardware and runtime', 'Documents', 'Network and policy', 'Local API', 'Data and privacy', 'Audit'];

/** In the page: whether the element's content is wider than the element (something would be cut off or scroll sideways). */
function overflowsSideways(element: unknown): boolean {
  const box = element as { scrollWidth: number; clientWidth: number };
  return box.scrollWidth > box.clientWidth + 1;
}

describe('the Settings view', () => {
  it('is reachable by keyboard and shows the hardware core sees', async () => {
    // Settings comes last, after the audit trail.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Audit trail' }).focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();

    const hardware = await enclave.core.handlers['system.hardware']({});
    const facts = section('Hardware');
    await expect.poll(() => facts.textContent(), { timeout: 20_000 }).toContain(hardware.cpu.model);
    const text = (await facts.textContent()) ?? '';
    expect(text).toContain(`${hardware.cpu.logicalCores} logical`);
    for (const set of hardware.cpu.instructionSets) expect(text).toContain(set);
    expect(text).toContain(hardware.gpu.backend ? hardware.gpu.backend.toUpperCase() : 'None (CPU only)');
  });

  it('lists its sections in a navigation that is followed by keyboard and marks the section being read', async () => {
    expect(await settingsNav().getByRole('link').allTextContents()).toEqual(sectionNames);
    for (const name of sectionNames) await section(name).waitFor();
    expect(await navLink('Hardware and runtime').getAttribute('aria-current')).toBe('true');

    // Tab along the links, Enter on one: its section is scrolled to, marked current, and takes focus.
    await navLink('Hardware and runtime').focus();
    await page.keyboard.press('Tab');
    expect((await page.evaluate(focusedElementPlace)).text).toBe('Documents');
    await page.keyboard.press('Enter');
    await expect.poll(() => navLink('Documents').getAttribute('aria-current')).toBe('true');
    expect(await navLink('Hardware and runtime').getAttribute('aria-current')).toBeNull();
    expect(await settingsNav().locator('[aria-current]').count()).toBe(1);
    const heading = section('Documents').getByRole('heading', { level: 2, name: 'Documents' });
    expect(await heading.evaluate(isFocused)).toBe(true);
    const headingBox = (await heading.boundingBox())!;
    const columnBox = (await page.locator('.settings-column').boundingBox())!;
    expect(headingBox.y - columnBox.y).toBeLessThan(64);
    // The next Tab goes into the section just chosen.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(focusedElementPlace)).toMatchObject({ sectionId: 'settings-documents', id: 'documents-embedding-model' });

    // Scrolling by hand moves the mark with the reader.
    await page.locator('.settings-column').hover();
    await page.mouse.wheel(0, -100_000);
    await expect.poll(() => navLink('Hardware and runtime').getAttribute('aria-current')).toBe('true');
    await page.mouse.wheel(0, 100_000);
    await expect.poll(() => navLink('Audit').getAttribute('aria-current')).toBe('true');

    // The last section is short, so it cannot reach the top; chosen from the navigation, it is still the one marked.
    await navLink('Data and privacy').click();
    await expect.poll(() => navLink('Data and privacy').getAttribute('aria-current')).toBe('true');
    await navLink('Audit').click();
    await expect.poll(() => navLink('Audit').getAttribute('aria-current')).toBe('true');
    await navLink('Hardware and runtime').click();
  });

  it('saves each section on its own, saying beside its button whether it has unsaved changes or is saved', async () => {
    const runtime = page.getByRole('form', { name: 'Runtime settings' });
    const documents = page.getByRole('form', { name: 'Document settings' });
    const idle = runtime.getByRole('textbox', { name: 'Unload after idle minutes' });
    const before = await enclave.core.handlers['settings.get']({});
    expect(await runtime.getByRole('status').textContent()).toBe('');

    await idle.fill('20');
    expect(await runtime.getByRole('status').textContent()).toBe('Unsaved changes');
    expect(await documents.getByRole('status').textContent()).toBe('');
    await enclave.screenshot(page, 'settings-unsaved', 'light');
    // Back to the saved value: nothing left to save.
    await idle.fill(String(before.idleUnloadMinutes));
    expect(await runtime.getByRole('status').textContent()).toBe('');
    // A value that cannot be saved is said in place, and the section's Save waits for a good one.
    await idle.fill('soon');
    expect(await runtime.getByRole('button', { name: 'Save runtime settings' }).isDisabled()).toBe(true);
    expect(await page.locator('#runtime-idleUnloadMinutes-hint').textContent()).toBe('Unload after idle minutes: enter a whole number from 0 to 1440.');
    await idle.fill('20');
    await runtime.getByRole('button', { name: 'Save runtime settings' }).click();
    await expect.poll(() => runtime.getByRole('status').textContent()).toBe('Saved.');
    expect(await enclave.core.handlers['settings.get']({})).toMatchObject({ idleUnloadMinutes: 20, retrievalTopK: before.retrievalTopK });
    expect(await documents.getByRole('status').textContent()).toBe('');

    // The documents section saves only its own settings, with its own status.
    const topK = documents.getByRole('textbox', { name: 'Passages per question' });
    await topK.fill('8');
    expect(await documents.getByRole('status').textContent()).toBe('Unsaved changes');
    expect(await runtime.getByRole('status').textContent()).toBe('Saved.');
    await documents.getByRole('button', { name: 'Save document settings' }).click();
    await expect.poll(() => documents.getByRole('status').textContent()).toBe('Saved.');
    expect(await enclave.core.handlers['settings.get']({})).toMatchObject({ idleUnloadMinutes: 20, retrievalTopK: 8 });
    // An edit after a save: "Saved." no longer describes what the form shows.
    await topK.fill(String(before.retrievalTopK));
    expect(await documents.getByRole('status').textContent()).toBe('Unsaved changes');
    await documents.getByRole('button', { name: 'Save document settings' }).click();
    await expect.poll(() => documents.getByRole('status').textContent()).toBe('Saved.');
    await idle.fill(String(before.idleUnloadMinutes));
    await runtime.getByRole('button', { name: 'Save runtime settings' }).click();
    await expect.poll(() => runtime.getByRole('status').textContent()).toBe('Saved.');
    expect(await enclave.core.handlers['settings.get']({})).toEqual(before);
  });

  it('groups the settings the policy locks by area, one heading each, every row with its value and who set it', async () => {
    const { locks } = await enclave.core.handlers['policy.status']({});
    await navLink('Network and policy').click();
    const locked = section('Network and policy').locator('.locked-settings');
    const groups = locked.getByRole('group');
    expect(await groups.locator('h5').allTextContents()).toEqual([
      'Network',
      'Data-loss prevention',
      'What stays local',
      'Models',
      'Local API',
      'Chats',
      'Database',
      'Audit trail',
    ]);
    // "Data-loss prevention" is said once, as the heading, not at the start of each of its rows.
    const text = (await locked.textContent()) ?? '';
    expect(text.split('Data-loss prevention').length - 1).toBe(1);
    const dlp = locked.getByRole('group', { name: 'Data-loss prevention' });
    const detectorRows = dlp.locator('[data-key^="dlp.actions."]');
    expect(await detectorRows.count()).toBe(locks.settings.filter((setting) => setting.key.startsWith('dlp.actions.')).length);
    expect(await dlp.locator('[data-key="dlp.actions.email"] dt').textContent()).toBe('Locked: E-mail addresses');

    // Every locked setting once, with its value in force and who set it.
    expect(await locked.locator('.locked-item').count()).toBe(locks.settings.length);
    for (const setting of locks.settings) {
      const row = locked.locator(`[data-key="${setting.key}"]`);
      expect(await row.locator('dd.locked-value').textContent()).toBe(setting.value);
      expect(await row.locator('dd.locked-by').textContent()).toBe(`Set by ${setting.setBy}`);
    }
    await dlp.scrollIntoViewIfNeeded();
    await enclave.screenshot(page, 'settings-policy', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
    await enclave.screenshot(page, 'settings-policy', 'dark');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
    await navLink('Hardware and runtime').click();
  });

  it('fits a 900 × 700 window: the navigation becomes a row above the sections, nothing scrolls sideways', async () => {
    await resizeWindow(page, { width: 900, height: 700 });
    try {
      const navBox = (await settingsNav().boundingBox())!;
      const columnBox = (await page.locator('.settings-column').boundingBox())!;
      expect(navBox.y + navBox.height).toBeLessThanOrEqual(columnBox.y + 1);
      expect(await page.evaluate(pageScrollsSideways)).toBe(false);
      for (const name of sectionNames) {
        await navLink(name).click();
        expect(await page.locator('.settings-column').evaluate(overflowsSideways), `${name} scrolls sideways`).toBe(false);
        expect(await section(name).evaluate(overflowsSideways), `${name} is cut off`).toBe(false);
      }
      await navLink('Hardware and runtime').click();
      await enclave.screenshot(page, 'settings-narrow', 'light');
      expect(await accessibilityViolations(page)).toEqual([]);
      await enclave.screenshot(page, 'settings-narrow', 'dark');
      expect(await accessibilityViolations(page)).toEqual([]);
      await navLink('Network and policy').click();
      await enclave.screenshot(page, 'settings-narrow-policy', 'light');
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
      await resizeWindow(page, { width: 1280, height: 800 });
    }
  });

  it('rates each model for this machine, saying whether the speed is measured or estimated', async () => {
    const [expected] = await enclave.core.handlers['models.recommendations']({});
    const entry = section('Recommendations').getByRole('listitem').filter({ hasText: tinyChat });
    await entry.waitFor({ timeout: 20_000 });
    expect(await entry.getAttribute('data-rating')).toBe(expected!.rating);
    const text = (await entry.textContent()) ?? '';
    expect(text).toContain(expected!.reason);
    expect(text).toContain(expected!.source === 'probe' ? '(measured)' : '(estimated)');
    await resizeWindow(page, { width: 1280, height: 1100 });
    await enclave.screenshot(page, 'settings', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
    await enclave.screenshot(page, 'settings', 'dark');
    expect(await accessibilityViolations(page)).toEqual([]);
    await resizeWindow(page, { width: 1280, height: 800 });
  });

  it('with a 1 MB memory budget, says the model does not fit and refuses to load it, with the numbers', async () => {
    const budget = page.getByRole('form', { name: 'Runtime settings' }).getByRole('textbox', { name: 'Memory budget (MB)' });
    await budget.fill('1');
    await page.getByRole('button', { name: 'Save runtime settings' }).click();
    await page.getByRole('form', { name: 'Runtime settings' }).getByText('Saved.').waitFor();
    expect(await enclave.core.handlers['settings.get']({})).toMatchObject({ memoryBudgetMb: 1 });
    const entry = section('Recommendations').getByRole('listitem').filter({ hasText: tinyChat });
    await expect.poll(() => entry.getAttribute('data-rating'), { timeout: 20_000 }).toBe('does-not-fit');

    await openSection(page, 'Models');
    const details = await inspect(page, tinyChat);
    const estimate = memoryEstimate(details);
    await expect.poll(() => estimate.getAttribute('data-fits'), { timeout: 20_000 }).toBe('false');
    expect(await estimate.textContent()).toMatch(/^Does not fit: needs about [\d.]+ [KMG]B of RAM/);
    await details.getByRole('button', { name: 'Load', exact: true }).click();
    const refusal = details.getByRole('region', { name: 'Running' }).getByRole('alert');
    await refusal.waitFor({ timeout: 20_000 });
    expect(await refusal.getAttribute('data-error-code')).toBe('model-too-large');
    expect(await refusal.textContent()).toMatch(/needs about [\d.]+ [KMG]B of memory .* but only 1\.0 MB is available/);
    expect((await enclave.core.handlers['models.runtime']({})).loaded).toEqual([]);
    await enclave.screenshot(page, 'model-does-not-fit', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
    await enclave.screenshot(page, 'model-does-not-fit', 'dark');
    expect(await accessibilityViolations(page)).toEqual([]);

    await openSection(page, 'Settings');
    await budget.fill('');
    await page.getByRole('button', { name: 'Save runtime settings' }).click();
    await expect.poll(() => entry.getAttribute('data-rating'), { timeout: 20_000 }).not.toBe('does-not-fit');
    expect(await enclave.core.handlers['settings.get']({})).toMatchObject({ memoryBudgetMb: null });
  });
});
