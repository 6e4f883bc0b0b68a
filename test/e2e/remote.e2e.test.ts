/**
 * Remote endpoints as a user meets them in the window: the machine policy allowing one loopback
 * OpenAI-compatible server (started here, spoken to by core through the real `openai` client),
 * the endpoint added and tested in Settings, a chat sent to it with the data-loss check before
 * each message (redact, warn and confirm, block), the provenance and redactions under the replies,
 * switching the same chat to the local model, and the Usage page with its chart, totals, record,
 * prices and CSV. Then the offline states: no policy file, and a broken one.
 */
import { isDatabaseKeyEntry } from '../support/testKeychain.js';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../electron/shared/domain.js';
import { FakeOpenAiServer } from '../support/fakeOpenAiServer.js';
import { accessibilityViolations } from './accessibility.js';
import { type EnclaveHarness, startEnclave } from './bridge.js';
import { optionGroups } from './pageProbes.js';

const localModel = 'Enclave Tiny Chat (generated)';
const apiKey = 'sk-e2e-not-a-real-key';
/** The local reply also waits for the model host to start and load the model. */
const replyTimeout = 60_000;

type Section = 'Settings' | 'Usage' | 'Models' | 'Documents';

/** A loopback URL nothing listens on: a port the OS just handed out and took back. */
async function closedLoopbackUrl(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

async function openSection(page: Page, name: Section): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

const networkSection = (page: Page) => page.getByRole('region', { name: 'Network & endpoints' });
const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
/** How many times `needle` occurs in `text`. */
const occurrences = (text: string | null, needle: string) => (text ?? '').split(needle).length - 1;
/** The Usage page's one money format: to the cent, "$0.00" for nothing, "< $0.01" under a cent. */
const money = /^(\$\d{1,3}(,\d{3})*\.\d{2}|< \$0\.01)$/;
/** A day as the app writes dates in US English: "Dec 3, 2026". */
const dayFormat = /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/;

async function expectAccessibleInBothSchemes(enclave: EnclaveHarness, page: Page, name: string): Promise<void> {
  await enclave.screenshot(page, name, 'light');
  expect(await accessibilityViolations(page)).toEqual([]);
  await enclave.screenshot(page, name, 'dark');
  expect(await accessibilityViolations(page)).toEqual([]);
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('a remote endpoint the machine policy allows', () => {
  const server = new FakeOpenAiServer();
  let baseUrl: string;
  let downUrl: string;
  let enclave: EnclaveHarness;
  let page: Page;
  let chatId: string;

  const lastReply = () => page.locator('article[aria-label^="Reply"]').last();
  const composer = () => page.getByRole('textbox', { name: 'Message' });
  const outgoingNotice = () => page.getByRole('region', { name: 'Data-loss check' });
  const stored = async (): Promise<ChatMessage[]> => (await enclave.core.handlers['chats.get']({ chatId })).messages;

  /** Waits until the reply stored last shows as complete in the window (not merely the reply before it). */
  async function lastStoredReplyShownComplete(timeout?: number): Promise<void> {
    const reply = (await stored()).at(-1)!;
    expect(reply.role).toBe('assistant');
    await page.locator(`article[data-message-id="${reply.id}"][data-status="complete"]`).waitFor(timeout ? { timeout } : {});
  }

  async function send(text: string): Promise<void> {
    await composer().fill(text);
    await composer().press('Enter');
  }

  beforeAll(async () => {
    server.models = ['gpt-4o-mini', 'gpt-4o'];
    baseUrl = await server.start();
    downUrl = await closedLoopbackUrl();
    enclave = await startEnclave({
      withModel: true,
      maxTokens: 16,
      policyFileText: JSON.stringify({
        name: 'Contoso IT',
        network: { mode: 'allowlist', endpoints: [baseUrl, downUrl] },
        dlp: { actions: { email: 'redact', phone: 'warn', creditCard: 'block' } },
        export: { allowed: false },
      }),
    });
    page = enclave.page;
  });

  afterAll(async () => {
    // Unset when beforeAll failed before starting it.
    await (enclave as EnclaveHarness | undefined)?.close();
    await server.stop();
  });

  afterEach(() => {
    expect(enclave.pageErrors, 'console errors, uncaught exceptions or CSP violations').toEqual([]);
    expect(enclave.foreignRequests, 'the page itself must load nothing from outside the app').toEqual([]);
  });

  it('shows in Settings what the policy allows, and which settings it locks and why', async () => {
    await openSection(page, 'Settings');
    const section = networkSection(page);
    await expect.poll(() => section.textContent()).toContain('Remote endpoints allowed.');
    expect(await section.locator('[data-policy-status]').getAttribute('data-policy-status')).toBe('loaded');
    // Each allowed address is written once: as the value of the policy's locked remote-endpoints setting.
    expect(await section.locator('[data-key="network"] dd.locked-value').textContent()).toBe(`${baseUrl}, ${downUrl}`);
    expect(occurrences(await section.textContent(), baseUrl)).toBe(1);
    const locked = section.locator('.locked-settings');
    expect(squash(await locked.textContent())).toContain('Set by the machine policy of Contoso IT in');
    // Grouped by area: the detector rows sit under one "Data-loss prevention" heading and say only what they find.
    const email = locked.getByRole('group', { name: 'Data-loss prevention' }).locator('[data-key="dlp.actions.email"]');
    expect(await email.locator('dt').textContent()).toBe('Locked: E-mail addresses');
    expect(await email.locator('dd.locked-value').textContent()).toBe('redact (replaced before sending, put back in the reply)');
    expect(await email.locator('dd.locked-by').textContent()).toBe('Set by Contoso IT');
    // Read-only: the policy's settings are shown, not offered as controls.
    expect(await locked.locator('input, select, button, textarea').count()).toBe(0);
    expect(await locked.locator('[data-key="export.allowed"] dd.locked-value').textContent()).toBe('not allowed');
  });

  it('disables exporting chats when the policy forbids it, and says why beside the buttons', async () => {
    await openSection(page, 'Settings');
    const exportAll = page.getByRole('button', { name: 'Export all as Markdown' });
    await expect.poll(() => exportAll.isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Export all as JSON' }).isDisabled()).toBe(true);
    const reason = 'The machine policy (Contoso IT) does not allow exporting chats (export.allowed is false); only an administrator can change that.';
    expect(squash(await page.locator('[data-export="not-allowed"]').textContent())).toBe(reason);
    // The window cannot get round the buttons: core refuses the request itself.
    const exported = Promise.resolve().then(() => enclave.core.handlers['chats.export']({ all: true, format: 'json' }));
    await expect(exported).rejects.toMatchObject({ code: 'export-not-allowed' });
  });

  it('refuses an endpoint the policy does not list, in place', async () => {
    const form = page.getByRole('form', { name: 'Add an endpoint' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Elsewhere');
    await form.getByLabel('Base URL').fill('https://api.openai.com/v1');
    await form.getByLabel('Key', { exact: true }).fill(apiKey);
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-error-code')).toBe('remote-not-allowed');
    expect(await alert.textContent()).toMatch(/^The endpoint was not added\. .*api\.openai\.com/);
    expect(await enclave.core.handlers['endpoints.list']({})).toEqual([]);
  });

  it('adds the loopback endpoint with its key in the keychain, and tests it: its models and latency', async () => {
    const form = page.getByRole('form', { name: 'Add an endpoint' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Loopback');
    await form.getByLabel('Base URL').fill(baseUrl);
    const key = form.getByLabel('Key', { exact: true });
    expect(await key.getAttribute('type')).toBe('password');
    await key.fill(apiKey);
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await form.getByText('Added Loopback.').waitFor();
    expect(await key.inputValue(), 'the key leaves the form once core has it').toBe('');

    const [endpoint] = await enclave.core.handlers['endpoints.list']({});
    expect(endpoint).toMatchObject({ name: 'Loopback', baseUrl, keyStorage: 'keychain', allowed: true });
    expect([...enclave.keychainEntries.keys()].filter((entry) => !isDatabaseKeyEntry(entry))).toEqual([apiKey]);
    const row = networkSection(page).getByRole('table', { name: 'Endpoints' }).getByRole('row', { name: /Loopback/ }).first();
    expect(squash(await row.textContent())).toContain(`Loopback${baseUrl}OS keychainAllowed`);

    await row.getByRole('button', { name: 'Test Loopback' }).click();
    const passed = networkSection(page).locator('.endpoint-test-passed');
    await passed.waitFor();
    expect(squash(await passed.textContent())).toMatch(/^Loopback answered in \d+ ms with 2 models: gpt-4o, gpt-4o-mini$/);
    expect(server.requests.filter((request) => request.path === '/v1/models').at(-1)!.headers.authorization).toBe(`Bearer ${apiKey}`);

    await networkSection(page).scrollIntoViewIfNeeded();
    await page.setViewportSize({ width: 1280, height: 1100 });
    await expectAccessibleInBothSchemes(enclave, page, 'settings-network');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('says in place why an endpoint that does not answer failed its test', async () => {
    const form = page.getByRole('form', { name: 'Add an endpoint' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Down');
    await form.getByLabel('Base URL').fill(downUrl);
    await form.getByRole('radio', { name: 'No key' }).check();
    expect(await form.getByLabel('Key', { exact: true }).count(), 'no key field without a key').toBe(0);
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await form.getByText('Added Down.').waitFor();
    expect((await enclave.core.handlers['endpoints.list']({})).find((endpoint) => endpoint.name === 'Down')).toMatchObject({ keyStorage: 'none' });

    const row = networkSection(page).getByRole('table', { name: 'Endpoints' }).getByRole('row', { name: /^Down/ }).first();
    await row.getByRole('button', { name: 'Test Down' }).click();
    const alert = networkSection(page).getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-error-code')).toBe('remote-unreachable');
    expect(await alert.textContent()).toMatch(/^Down did not answer\. .+/);
  });

  it('lists the endpoint’s models in the chat’s picker, grouped under the endpoint', async () => {
    await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name: 'New chat' }).first().click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('New chat');
    chatId = (await enclave.core.handlers['chats.list']({}))[0]!.id;
    const picker = page.getByRole('combobox', { name: 'Model' });
    const groups = await picker.locator('optgroup').evaluateAll(optionGroups);
    expect(groups).toEqual([
      ['On this computer', [localModel]],
      ['Down (remote)', [expect.stringMatching(/^Could not list models: Down could not be reached .+/)]],
      ['Loopback (remote)', ['gpt-4o', 'gpt-4o-mini']],
    ]);
    // The failure stands in place of the models: it cannot be picked.
    expect(await picker.locator('optgroup[label="Down (remote)"] option').isDisabled()).toBe(true);
    await picker.selectOption({ label: 'gpt-4o-mini' });
    expect(squash(await page.locator('.conversation-empty').textContent())).toContain('gpt-4o-mini on Loopback answers');
  });

  it('redacts an e-mail address before sending: the notice, the streamed reply, its provenance and what was replaced', async () => {
    server.then({ kind: 'ok', words: ['I will write to ', '[EMA', 'IL_1]', ' today.'] });
    const streamedBefore = enclave.streamEvents.length;
    await send('Draft a note to jane.doe@example.com about the launch.');

    const notice = outgoingNotice();
    await notice.waitFor();
    expect(squash(await notice.locator('.outgoing-notice-title').textContent())).toBe(
      'Checked before sending. Sent to Loopback (gpt-4o-mini). 1 sensitive value was replaced before sending.',
    );
    // The value itself is masked but for its first and last character.
    expect(squash(await notice.getByRole('listitem').textContent())).toMatch(/^E-mail address j•+m in your message: replaced before sending$/);

    await expect.poll(async () => (await stored()).length).toBe(2);
    await lastStoredReplyShownComplete();
    // The reply reached the window on its own request's stream, in pieces.
    const tokens = enclave.streamEvents.slice(streamedBefore).filter(({ event }) => event.type === 'text');
    expect(tokens.length, 'the reply arrived in pieces').toBeGreaterThanOrEqual(2);
    expect(squash(await lastReply().locator('.markdown').textContent())).toBe('I will write to jane.doe@example.com today.');
    const outgoing = JSON.stringify(server.chatRequests().at(-1)!.body);
    expect(outgoing).not.toContain('jane.doe@example.com');
    expect(outgoing).toContain('[EMAIL_1]');

    const provenance = lastReply().locator('.provenance');
    expect(await provenance.locator('.provenance-line').textContent()).toBe('via Loopback · gpt-4o-mini');
    expect(await provenance.locator('.provenance-line').getAttribute('title')).toBe(
      'Sent to Loopback (gpt-4o-mini). 1 sensitive value was replaced before sending.',
    );
    const details = provenance.locator('details');
    await details.getByText('1 value was redacted before sending').click();
    expect(await details.getByRole('table').getByRole('row').allTextContents()).toEqual([
      'Sent asOriginal (shown only here)Kind',
      '[EMAIL_1]jane.doe@example.comE-mail address',
    ]);
    const [, reply] = await stored();
    expect(reply).toMatchObject({ provider: 'remote', endpointName: 'Loopback', modelName: 'gpt-4o-mini', status: 'complete' });
    await expectAccessibleInBothSchemes(enclave, page, 'chat-remote-redacted');
  });

  it('asks before sending a warned phone number: Cancel keeps the text and sends nothing, Send anyway sends it', async () => {
    const text = 'Call me on +44 20 7946 0958 tomorrow.';
    const before = server.chatRequests().length;
    await send(text);
    const dialog = page.getByRole('dialog', { name: 'Send sensitive data?' });
    await dialog.waitFor();
    expect(await dialog.locator('.dialog-description').textContent()).toBe(
      'Nothing has been sent yet. The machine policy asks you to confirm before this message goes to Loopback (gpt-4o-mini) with:',
    );
    const findings = squash(await dialog.getByRole('list', { name: 'Sensitive data found' }).textContent());
    expect(findings).toContain('Phone number');
    expect(findings).toContain('in your message: sent as it is');
    // The e-mail address of the first message and its reply is in the history the endpoint gets, redacted again.
    expect(findings).toMatch(/E-mail address j•+m in an earlier message \(2 times\): replaced before sending/);
    expect(findings).not.toContain('7946');
    await enclave.screenshot(page, 'chat-remote-confirm', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await composer().inputValue()).toBe(text);
    expect(server.chatRequests().length).toBe(before);
    expect(await stored()).toHaveLength(2);

    await composer().press('Enter');
    await dialog.getByRole('button', { name: 'Send anyway' }).click();
    await expect.poll(async () => (await stored()).length).toBe(4);
    await lastStoredReplyShownComplete();
    expect(JSON.stringify(server.chatRequests().at(-1)!.body)).toContain('+44 20 7946 0958');
    expect(await composer().inputValue()).toBe('');
  });

  it('asks again before another answer sends the phone number out, on the branch it would send', async () => {
    const [, , question, reply] = await stored();
    expect(question!.content).toContain('7946 0958');
    const before = server.chatRequests().length;
    const regenerate = () => lastReply().getByRole('button', { name: 'Regenerate this reply' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send sensitive data?' });

    await regenerate();
    await dialog.waitFor();
    expect(squash(await dialog.getByRole('list', { name: 'Sensitive data found' }).textContent())).toContain('Phone number');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(server.chatRequests().length).toBe(before);
    expect((await stored()).at(-1)!.id).toBe(reply!.id);

    await regenerate();
    await dialog.getByRole('button', { name: 'Send anyway' }).click();
    await expect.poll(async () => (await stored()).at(-1)!.id).not.toBe(reply!.id);
    await lastStoredReplyShownComplete();
    expect(server.chatRequests().length).toBe(before + 1);
    // The new answer is a version beside the first: the branch still holds four messages.
    const branch = await stored();
    expect(branch).toHaveLength(4);
    expect(branch.at(-1)!.siblingIds).toContain(reply!.id);
  });

  it('blocks a card number with the policy’s reason in place, keeping the text and sending nothing', async () => {
    const text = 'Charge the card 4111 1111 1111 1111 for the order.';
    const before = server.chatRequests().length;
    await send(text);
    const alert = page.locator('.composer-area').getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-error-code')).toBe('dlp-blocked');
    expect(await alert.locator('p').textContent()).toBe(
      'Blocked by the machine policy. Not sent: the message contains credit card numbers, which the policy does not allow to leave this machine. Your text is still in the box below, to edit.',
    );
    expect(await composer().inputValue()).toBe(text);
    expect(server.chatRequests().length).toBe(before);
    expect(await stored()).toHaveLength(4);
    await enclave.screenshot(page, 'chat-remote-blocked', 'light');
    await composer().fill('');
    await alert.getByRole('button', { name: 'Dismiss' }).click();
  });

  it('switches the same chat to the local model and keeps its history', async () => {
    await page.getByRole('combobox', { name: 'Model' }).selectOption({ label: localModel });
    const before = server.chatRequests().length;
    await send('And now, on this computer.');
    await expect.poll(async () => (await stored()).length).toBe(6);
    await lastStoredReplyShownComplete(replyTimeout);
    expect(server.chatRequests().length).toBe(before);
    expect((await stored()).map((message) => [message.role, message.provider])).toEqual([
      ['user', 'local'],
      ['assistant', 'remote'],
      ['user', 'local'],
      ['assistant', 'remote'],
      ['user', 'local'],
      ['assistant', 'local'],
    ]);
    expect(await page.locator('article').count()).toBe(6);
    expect(await lastReply().locator('.provenance').count(), 'a local reply by choice needs no provenance line').toBe(0);
  });

  it('shows usage: a chart by provider, the totals, the table, the record of remote requests, prices and CSV', async () => {
    await openSection(page, 'Usage');
    const chart = page.locator('.usage-chart');
    await chart.locator('svg .recharts-bar-rectangle').first().waitFor();
    expect(await chart.getAttribute('data-providers')).toBe('This computer|Loopback');
    expect(await chart.locator('svg .recharts-bar-rectangle').count()).toBeGreaterThanOrEqual(2);
    expect(squash(await chart.locator('.recharts-legend-wrapper').textContent())).toBe('This computerLoopback');

    const report = await enclave.core.handlers['usage.report']({ since: null, comparisonModel: 'gpt-4o' });
    expect(await page.locator('.usage-offline').count(), 'the policy allows endpoints: no offline line').toBe(0);
    const figures = page.locator('.usage-figures');
    expect(await figures.locator('.usage-figure').allTextContents()).toEqual([
      expect.stringMatching(/^Remote spend(\$|< \$0\.01)/),
      `Remote tokens${report.totals.remoteTokens.toLocaleString('en-US')}`,
      `Local tokens${report.totals.localTokens.toLocaleString('en-US')}`,
      expect.stringMatching(/^Local tokens at gpt-4o prices(\$|< \$0\.01)/),
    ]);
    const table = page.getByRole('table', { name: 'Usage per day and model' });
    expect(await table.getByRole('row').count()).toBe(1 + report.rows.length);
    // One money format in the totals and the table; one date format in the table and on the chart's axis.
    const [spendFigure, , , comparisonFigure] = await figures.locator('.usage-figure dd').allTextContents();
    expect(spendFigure).toMatch(money);
    expect(comparisonFigure).toMatch(money);
    const costs = (await table.locator('tbody tr td:last-child').allTextContents()).map((cell) => cell.replace(/ at .* prices$/, ''));
    for (const cost of costs) expect(cost).toMatch(/^(\$\d{1,3}(,\d{3})*\.\d{2}|< \$0\.01|No price|—)$/);
    const days = await table.locator('tbody th').allTextContents();
    for (const day of days) expect(day).toMatch(dayFormat);
    // The axis's tick labels: the day axis's, that is, not the token counts of the other axis ("0", "1.2K").
    const ticks = (await chart.locator('.recharts-cartesian-axis-tick-value').allTextContents()).filter((tick) => !/^[\d.,]+[KM]?$/.test(tick));
    expect(ticks.length).toBeGreaterThan(0);
    for (const tick of ticks) expect(tick).toMatch(dayFormat);
    expect(days).toContain(ticks[0]);

    const record = page.getByRole('table', { name: 'Remote requests' });
    const records = await enclave.core.handlers['usage.requests']({ since: null });
    expect(records.map((entry) => entry.outcome)).toEqual(['blocked', 'complete', 'complete', 'complete']);
    const rows = record.locator('tbody tr');
    expect(await rows.count()).toBe(4);
    const cells = async (index: number) => (await rows.nth(index).locator('th, td').allTextContents()).slice(1);
    // Newest first: the blocked card number (the e-mail and phone number in the history counted too), then the
    // three sent (the message with the phone number was answered twice).
    expect(await cells(0)).toEqual([
      `Loopback${baseUrl}`,
      'gpt-4o-mini',
      '—',
      '—',
      '2 e-mail addresses, 1 phone number, 1 credit card number · 1 blocked, 2 redacted, 1 confirmed',
      'Blocked before sending',
    ]);
    expect(await cells(3)).toEqual([
      `Loopback${baseUrl}`,
      'gpt-4o-mini',
      '21',
      '4',
      '1 e-mail address · 1 redacted',
      expect.stringMatching(/^Complete · \d+\.\d s$/),
    ]);

    // A contract price for the remote model: the spend follows at once.
    await page.getByRole('button', { name: 'Edit the price of gpt-4o-mini' }).click();
    const priceForm = page.getByRole('form', { name: 'Price of gpt-4o-mini' });
    await priceForm.getByRole('textbox', { name: 'Input, $ per million' }).fill('1000');
    await priceForm.getByRole('textbox', { name: 'Output, $ per million' }).fill('2000');
    await priceForm.getByRole('button', { name: 'Save price' }).click();
    await priceForm.waitFor({ state: 'detached' });
    const priced = await enclave.core.handlers['usage.report']({ since: null, comparisonModel: 'gpt-4o' });
    expect(priced.totals.remoteCost).toBeGreaterThan(report.totals.remoteCost);
    const spend = priced.totals.remoteCost < 0.01 ? '< $0.01' : priced.totals.remoteCost.toLocaleString('en-US', { style: 'currency', currency: 'USD' });
    await expect.poll(() => figures.locator('.usage-figure').first().textContent()).toBe(`Remote spend${spend}`);
    const priceRow = page.getByRole('table', { name: 'Prices per million tokens' }).getByRole('row', { name: /gpt-4o-mini/ });
    expect(await priceRow.locator('th, td').allTextContents()).toEqual(['gpt-4o-mini', '$1,000.00', '$2,000.00', 'Edited', 'Edit']);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const csv = await readFile(await (await download).path(), 'utf8');
    expect((await download).suggestedFilename()).toMatch(/^enclave-usage-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.split('\r\n')[0]).toBe('day,provider,endpoint,model,messages,tokens_in,tokens_out,cost_usd');
    expect(csv).toMatch(/,remote,Loopback,gpt-4o-mini,3,/);

    await page.getByRole('heading', { level: 2, name: 'Totals' }).scrollIntoViewIfNeeded();
    await page.setViewportSize({ width: 1280, height: 1400 });
    await expectAccessibleInBothSchemes(enclave, page, 'usage');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('keeps each chat on its own model: a chat that answered locally reopens on the local model, never a remote one', async () => {
    const picker = page.getByRole('combobox', { name: 'Model' });
    const localChatId = chatId;
    // Another chat, on the remote model.
    await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name: 'New chat' }).first().click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('New chat');
    const remoteChatId = (await enclave.core.handlers['chats.list']({}))[0]!.id;
    await picker.selectOption({ label: 'gpt-4o' });
    await send('A question for the endpoint.');
    await expect.poll(async () => (await enclave.core.handlers['chats.get']({ chatId: remoteChatId })).messages.length).toBe(2);
    expect((await enclave.core.handlers['chats.get']({ chatId: remoteChatId })).chat.model).toMatchObject({ kind: 'remote', model: 'gpt-4o' });

    // Back to the first chat, which last answered on this computer.
    const firstTitle = (await enclave.core.handlers['chats.get']({ chatId: localChatId })).chat.title;
    await page.getByRole('listitem').getByRole('button', { name: firstTitle, exact: true }).click();
    await expect.poll(async () => (await picker.locator('option:checked').textContent())?.trim()).toBe(localModel);
    // And the remote chat reopens on its own remote model.
    const secondTitle = (await enclave.core.handlers['chats.get']({ chatId: remoteChatId })).chat.title;
    await page.getByRole('listitem').getByRole('button', { name: secondTitle, exact: true }).click();
    await expect.poll(async () => (await picker.locator('option:checked').textContent())?.trim()).toBe('gpt-4o');
    // Leave the suite's chat selected, on its local model, for the tests after this one.
    await page.getByRole('listitem').getByRole('button', { name: firstTitle, exact: true }).click();
    await expect.poll(async () => (await picker.locator('option:checked').textContent())?.trim()).toBe(localModel);
  });
});

describe('no machine policy, or a broken one', () => {
  let enclave: EnclaveHarness | undefined;

  afterEach(async () => {
    expect(enclave?.pageErrors, 'console errors, uncaught exceptions or CSP violations').toEqual([]);
    expect(enclave?.foreignRequests).toEqual([]);
    await enclave?.close();
    enclave = undefined;
  });

  it('without a policy file says in one line that remote endpoints are off and why, with no form that cannot be used', async () => {
    enclave = await startEnclave({ withModel: true });
    const page = enclave.page;
    await openSection(page, 'Settings');
    const section = networkSection(page);
    await expect.poll(() => section.textContent()).toContain('Remote endpoints are off:');
    expect(squash(await section.locator('.policy-state').textContent())).toMatch(
      /^Remote endpoints are off: there is no machine policy, so only local models answer\. An administrator can allow endpoints with a policy file at \S+policy\.json\.$/,
    );
    expect(occurrences(await section.textContent(), 'are off'), 'said once').toBe(1);
    expect(occurrences(await section.textContent(), 'policy.json'), 'the path once').toBe(1);
    expect(await page.getByRole('form', { name: 'Add an endpoint' }).count(), 'no form that could never be used').toBe(0);
    expect(await section.locator('input, select, textarea, button').count()).toBe(0);
    expect(squash(await section.locator('.locked-reason').textContent())).toBe(
      'Enclave’s defaults, as no valid machine policy is in force; only an administrator can change them, with a policy file.',
    );
    const network = section.locator('[data-key="network"]');
    expect([await network.locator('dt').textContent(), await network.locator('dd.locked-value').textContent()]).toEqual([
      'Locked: Remote endpoints',
      'none: offline, local models only',
    ]);
    await section.locator('.policy-state').scrollIntoViewIfNeeded();
    await expectAccessibleInBothSchemes(enclave, page, 'settings-network-offline');

    // Usage: one line in place of the remote spend, the request record and the price table.
    await openSection(page, 'Usage');
    const offline = page.locator('.usage-offline');
    await offline.waitFor();
    expect(squash(await offline.textContent())).toBe(
      'Remote endpoints are off: there is no machine policy, so every reply was written on this computer and nothing was spent on remote models.',
    );
    expect(await page.locator('.usage-view').getByText('Remote spend').count()).toBe(0);
    expect(await page.getByRole('table', { name: 'Prices per million tokens' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Remote requests' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Prices', exact: true }).count()).toBe(0);
    await expectAccessibleInBothSchemes(enclave, page, 'usage-offline');

    // The chat's picker offers the local models only.
    await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name: 'New chat' }).first().click();
    const picker = page.getByRole('combobox', { name: 'Model' });
    await picker.waitFor();
    expect(await picker.locator('optgroup').count()).toBe(0);
    expect(await picker.locator('option').allTextContents()).toEqual([localModel]);
  });

  it('with a broken policy file stays offline and says why, with the line', async () => {
    enclave = await startEnclave({ withModel: false, policyFileText: '{\n  "network": { "mode": "allowlist", "endpoints": [] }\n}\n' });
    const page = enclave.page;
    await openSection(page, 'Settings');
    const section = networkSection(page);
    await expect.poll(() => section.textContent()).toContain('Remote endpoints are off: the machine policy is invalid, so only local models answer.');
    const status = await enclave.core.handlers['policy.status']({});
    expect(status.source.status).toBe('invalid');
    expect(await section.locator('.policy-error').textContent()).toBe(status.source.error);
    expect(status.source.error).toMatch(/line 2/);
    expect(occurrences(await section.textContent(), status.source.error!), 'the error is said once').toBe(1);
    expect(await page.getByRole('form', { name: 'Add an endpoint' }).count()).toBe(0);
  });
});

describe('a remote endpoint and no local model', () => {
  const server = new FakeOpenAiServer();
  let enclave: EnclaveHarness | undefined;

  afterAll(async () => {
    await enclave?.close();
    await server.stop();
  });

  it('chats through the endpoint without offering the import panel first', async () => {
    server.models = ['gpt-4o-mini'];
    const baseUrl = await server.start();
    enclave = await startEnclave({
      withModel: false,
      policyFileText: JSON.stringify({ network: { mode: 'allowlist', endpoints: [baseUrl] } }),
    });
    const page = enclave.page;
    await openSection(page, 'Settings');
    const form = page.getByRole('form', { name: 'Add an endpoint' });
    await form.getByRole('textbox', { name: 'Name' }).fill('Loopback');
    await form.getByLabel('Base URL').fill(baseUrl);
    await form.getByRole('radio', { name: 'No key' }).check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await form.getByText('Added Loopback.').waitFor();

    await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name: 'New chat' }).first().click();
    const picker = page.getByRole('combobox', { name: 'Model' });
    await picker.waitFor();
    expect(await picker.locator('option').allTextContents()).toEqual(['Pick a model', 'gpt-4o-mini']);
    expect(await page.getByRole('textbox', { name: 'Message' }).getAttribute('placeholder')).toBe('Pick a model to start.');
    await picker.selectOption({ label: 'gpt-4o-mini' });
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('Hello there.');
    await composer.press('Enter');
    const reply = page.locator('article[aria-label^="Reply"][data-status="complete"]');
    await reply.waitFor();
    expect(squash(await reply.locator('.markdown').textContent())).toBe('Hello from the endpoint.');
    expect(await reply.locator('.provenance-line').textContent()).toBe('via Loopback · gpt-4o-mini');
    expect(enclave.pageErrors).toEqual([]);
    expect(enclave.foreignRequests).toEqual([]);
  });
});
