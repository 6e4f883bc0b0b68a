/**
 * The audit trail as a user (or IT) meets it in the app, in Chromium over the real core and a real
 * encrypted database: the Audit view reached by keyboard, listing what real acts wrote (a settings
 * change), filtered by kind of event and by day, verified with the result in words, exported and
 * checkpointed through the (boundary-mocked) save dialog, cancelling included, and then tampered with
 * through the database itself: Verify names the first entry that does not hold. Last, the note in
 * Settings that says where the record is and leads to the view.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCheckpointSchema } from '../../electron/shared/audit.js';
import type { EnclaveApi } from '../../electron/shared/api.js';
import { accessibilityViolations } from './accessibility.js';
import type { EnclaveHarness } from './bridge.js';
import { useEnclaveWindow } from './enclaveWindow.js';
import { focusedElementName } from './pageProbes.js';

const app = useEnclaveWindow({ withModel: true }, { resetColourScheme: true });
let enclave: EnclaveHarness;
let page: Page;
let folder: string;

beforeAll(async () => {
  ({ enclave, page } = app);
  folder = await mkdtemp(path.join(os.tmpdir(), 'enclave-audit-e2e-'));
});

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

const integrity = () => page.getByRole('region', { name: 'Integrity' });
const entriesSection = () => page.getByRole('region', { name: 'Entries' });
const rows = () => entriesSection().getByRole('table', { name: 'Audit entries' }).locator('tbody tr');
const eventFilter = () => entriesSection().getByRole('combobox', { name: 'Events' });

/** Run in the page: a settings change through the window's own API, as the Settings form sends it. */
function changeTopK(): ReturnType<EnclaveApi['settings']['update']> {
  return (globalThis as unknown as { enclave: EnclaveApi }).enclave.settings.update({ retrievalTopK: 9 });
}

/** Run in the page: each row's event type (the test project has no DOM types). */
function typesOf(items: Array<{ getAttribute(name: string): string | null }>): (string | null)[] {
  return items.map((item) => item.getAttribute('data-type'));
}

/** How many entries the trail holds now, read from core. */
async function entryCount(): Promise<number> {
  return (await enclave.core.handlers['audit.list']({})).length;
}

describe('the Audit view', () => {
  it('is reached by keyboard from the section navigation, after Usage', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Usage' }).focus();
    await page.keyboard.press('Tab');
    expect((await page.evaluate(focusedElementName))?.trim()).toBe('Audit trail');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
    await rows().first().waitFor({ timeout: 20_000 });
    expect(await rows().first().getAttribute('data-type')).toBe('app.started');
  });

  it('lists what a settings change wrote, with the time, the act in words, who, and the details as key: value', async () => {
    const change = await page.evaluate(changeTopK);
    expect(change.ok).toBe(true);
    await page.getByRole('button', { name: 'Refresh' }).click();
    const changed = entriesSection().locator('tr[data-type="settings.changed"]');
    await changed.first().waitFor({ timeout: 20_000 });
    const text = (await changed.first().textContent()) ?? '';
    expect(text).toContain('Settings changed');
    expect(text).toContain('settings.changed');
    expect(text).toContain('app');
    expect(text).toContain('setting:');
    expect(text).toContain('retrievalTopK');
    expect(text).toMatch(/from:\s*6/);
    expect(text).toMatch(/to:\s*9/);
    // Time to the second, as this locale writes it.
    expect(text).toMatch(/\d{1,2}:\d{2}:\d{2}/);
    expect(await rows().count()).toBe(await entryCount());
  });

  it('narrows the list to a kind of event, and to days', async () => {
    const all = await rows().count();
    await eventFilter().selectOption({ label: 'Settings' });
    await expect.poll(async () => new Set(await rows().evaluateAll(typesOf))).toEqual(new Set(['settings.changed']));
    expect(await rows().count()).toBeLessThan(all);

    // Tomorrow onwards: nothing yet.
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    const day = (date: Date) => [date.getFullYear(), date.getMonth() + 1, date.getDate()].map((part) => String(part).padStart(2, '0')).join('-');
    await entriesSection().getByLabel('From', { exact: true }).fill(day(tomorrow));
    await entriesSection().getByText('No entries match these filters.').waitFor();
    // A "to" day before the "from" day is said in place, and nothing is asked.
    await entriesSection().getByLabel('To', { exact: true }).fill(day(new Date()));
    expect(await entriesSection().getByRole('alert').textContent()).toContain('The “to” date is before the “from” date');
    expect(await entriesSection().getByRole('button', { name: 'Export…' }).isDisabled()).toBe(true);

    await entriesSection().getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rows().count()).toBe(all);
  });

  it('verifies the trail and says so in words: how many entries, from which to which, seals checked', async () => {
    await integrity().getByRole('button', { name: 'Verify the trail' }).click();
    const result = integrity().locator('[data-state="verified"]');
    await result.waitFor({ timeout: 20_000 });
    const verification = (await enclave.core.handlers['audit.list']({})).filter((entry) => entry.type === 'audit.verified').at(-1);
    const entries = Number(verification?.details.entries);
    expect(entries).toBeGreaterThan(2);
    expect(await result.textContent()).toContain(
      `The trail holds ${entries.toLocaleString('en-US')} entries (1 to ${entries.toLocaleString('en-US')}) and verifies: no entry was edited, removed, inserted or reordered; seals checked.`,
    );
    // The check is itself an act on the trail: the list shows it at once.
    await entriesSection().locator('tr[data-type="audit.verified"]').waitFor();

    await page.setViewportSize({ width: 1280, height: 1000 });
    await enclave.screenshot(page, 'audit-view', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
    await enclave.screenshot(page, 'audit-view', 'dark');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('exports the entries the filters select through the save dialog; cancelled, it writes and records nothing', async () => {
    const before = await entryCount();
    enclave.setPickedAuditDestination(null);
    await entriesSection().getByRole('button', { name: 'Export…' }).click();
    await expect.poll(() => enclave.auditDialogs.length).toBe(1);
    await expect.poll(() => entriesSection().getByRole('button', { name: 'Export…' }).isEnabled()).toBe(true);
    expect(await entryCount()).toBe(before);
    expect(await entriesSection().textContent()).not.toContain('Exported');

    const file = path.join(folder, 'audit.jsonl');
    enclave.setPickedAuditDestination(file);
    await eventFilter().selectOption({ label: 'Settings' });
    await entriesSection().getByRole('button', { name: 'Export…' }).click();
    const settingsEntries = (await enclave.core.handlers['audit.list']({ type: 'settings' })).length;
    await entriesSection().getByText(`Exported ${settingsEntries.toLocaleString('en-US')} ${settingsEntries === 1 ? 'entry' : 'entries'} to ${file}.`).waitFor({ timeout: 20_000 });
    expect(enclave.auditDialogs).toEqual(['jsonl', 'jsonl']);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as { type: string; hash: string; seal: string });
    expect(lines).toHaveLength(settingsEntries);
    expect(lines.every((line) => line.type === 'settings.changed' && /^[0-9a-f]{64}$/.test(line.hash) && /^[0-9a-f]{64}$/.test(line.seal))).toBe(true);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await enclave.core.handlers['audit.list']({ type: 'audit.exported' })).at(-1)?.details).toMatchObject({
      format: 'jsonl',
      entries: settingsEntries,
      type: 'settings',
      destination: 'file',
    });

    const syslog = path.join(folder, 'audit.log');
    enclave.setPickedAuditDestination(syslog);
    await entriesSection().getByRole('combobox', { name: 'Format' }).selectOption({ label: 'Syslog (RFC 5424)' });
    await entriesSection().getByRole('button', { name: 'Export…' }).click();
    await entriesSection().getByText(`to ${syslog}.`).waitFor({ timeout: 20_000 });
    expect(await readFile(syslog, 'utf8')).toMatch(/^<37>1 \S+ \S+ enclave - settings\.changed \[enclave@32473 seq="\d+"/);
    await entriesSection().getByRole('button', { name: 'Clear filters' }).click();
  });

  it('saves a signed checkpoint of the head where the user chooses, naming its entry and short hash', async () => {
    const file = path.join(folder, 'checkpoint.json');
    enclave.setPickedAuditDestination(file);
    await integrity().getByRole('button', { name: 'Save checkpoint…' }).click();
    const saved = integrity().getByText(/^Saved a checkpoint at entry/);
    await saved.waitFor({ timeout: 20_000 });
    const checkpoint = auditCheckpointSchema.parse(JSON.parse(await readFile(file, 'utf8')));
    expect(checkpoint.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(await saved.textContent()).toContain(
      `Saved a checkpoint at entry ${checkpoint.seq.toLocaleString('en-US')} (hash ${checkpoint.hash.slice(0, 12)}…) to ${file}.`,
    );
    expect(enclave.auditDialogs.at(-1)).toBe('checkpoint');
    // The core verifies against it: it is the file `enclave audit verify --checkpoint` reads.
    expect((await enclave.core.handlers['audit.verify']({ checkpoint })).ok).toBe(true);
  });

  it('names the first entry that does not hold when the trail was edited in the database', async () => {
    const db = enclave.core.db;
    if (!db) throw new Error('The database is not open.');
    const target = (await enclave.core.handlers['audit.list']({ type: 'settings.changed' }))[0]!.seq;
    // As someone with the database key would: past the trigger, which stops mistakes, not an attacker.
    db.exec('DROP TRIGGER audit_events_are_never_changed');
    db.prepare('UPDATE audit_events SET details = ? WHERE seq = ?').run('{"setting":"retrievalTopK","from":6,"to":50}', target);

    await integrity().getByRole('button', { name: 'Verify the trail' }).click();
    const result = integrity().locator('[data-state="broken"]');
    await result.waitFor({ timeout: 20_000 });
    const text = (await result.textContent()) ?? '';
    expect(text).toContain(`Entry ${String(target)} does not hold: its content was changed after it was written.`);
    expect(text).toContain(`Entries 1 to ${String(target - 1)} before it verify.`);
    expect(text).toContain('enclave audit verify');
    // The edited entry is shown as it is stored now.
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => entriesSection().locator(`tr[data-seq="${String(target)}"]`).textContent()).toMatch(/to:\s*50/);
    await integrity().scrollIntoViewIfNeeded();
    await enclave.screenshot(page, 'audit-view-broken', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});

describe('a long trail', () => {
  it('shows a page of entries at a time, oldest first, and the next page on asking', async () => {
    for (let index = 0; index < 110; index++) await enclave.core.handlers['settings.update']({ retrievalTopK: 10 + (index % 2) });
    const total = await entryCount();
    expect(total).toBeGreaterThan(100);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect.poll(() => rows().count()).toBe(100);
    expect(await rows().first().getAttribute('data-seq')).toBe('1');
    await entriesSection().getByText('The first 100 entries that match, oldest first.').waitFor();
    await entriesSection().getByRole('button', { name: 'Show more' }).click();
    await expect.poll(() => rows().count()).toBe(Math.min(200, total));
    expect(await rows().last().getAttribute('data-seq')).toBe(String(Math.min(200, total)));
  });
});

describe('Settings › Audit trail', () => {
  it('says where the record is, what it covers and never holds, how IT reads it, and opens the view', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
    const note = page.getByRole('region', { name: 'Audit trail', exact: true });
    await note.waitFor();
    const text = (await note.textContent()) ?? '';
    expect(text).toContain(path.join(enclave.core.status.dataDir, 'enclave.db'));
    expect(text).toContain('Every request to a remote endpoint, before it leaves');
    expect(text).toContain('never chat text, prompts, replies, document text, passphrases or keys');
    expect(text).toContain('enclave audit verify');
    expect(text).toContain('enclave audit export --format syslog');
    expect(existsSync(enclave.core.status.databasePath)).toBe(true);
    await note.getByRole('button', { name: 'Open the audit trail' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit trail' }).waitFor();
  });
});
