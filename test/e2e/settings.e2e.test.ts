/**
 * The Settings view: this machine's hardware, the runtime settings, and which models suit it. A
 * memory budget too small for any model shows up as "does not fit" everywhere, and Load is refused
 * with the numbers.
 */
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations } from './accessibility.js';
import { type EnclaveHarness, startEnclave } from './bridge.js';
import { inspect, memoryEstimate, openSection } from './modelsPage.js';

const tinyChat = 'Enclave Tiny Chat (generated)';

let enclave: EnclaveHarness;
let page: Page;

beforeAll(async () => {
  enclave = await startEnclave({ withModel: true });
  page = enclave.page;
});

afterAll(async () => {
  // Unset when beforeAll failed before starting it.
  await (enclave as EnclaveHarness | undefined)?.close();
});

afterEach(() => {
  expect(enclave.pageErrors, 'console errors, uncaught exceptions or CSP violations').toEqual([]);
  expect(enclave.foreignRequests, 'the page must load nothing from outside the app').toEqual([]);
});

const section = (name: string) => page.getByRole('region', { name, exact: true });

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

  it('rates each model for this machine, saying whether the speed is measured or estimated', async () => {
    const [expected] = await enclave.core.handlers['models.recommendations']({});
    const entry = section('Recommendations').getByRole('listitem').filter({ hasText: tinyChat });
    await entry.waitFor({ timeout: 20_000 });
    expect(await entry.getAttribute('data-rating')).toBe(expected!.rating);
    const text = (await entry.textContent()) ?? '';
    expect(text).toContain(expected!.reason);
    expect(text).toContain(expected!.source === 'probe' ? '(measured)' : '(estimated)');
    await page.setViewportSize({ width: 1280, height: 1100 });
    await enclave.screenshot(page, 'settings', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
    await enclave.screenshot(page, 'settings', 'dark');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('with a 1 MB memory budget, says the model does not fit and refuses to load it, with the numbers', async () => {
    const budget = page.getByRole('form', { name: 'Runtime settings' }).getByRole('textbox', { name: 'Memory budget (MB)' });
    await budget.fill('1');
    await page.getByRole('button', { name: 'Save runtime settings' }).click();
    await page.getByText('Saved.').waitFor();
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
