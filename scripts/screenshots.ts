/**
 * npm run screenshots: the README's screenshots (docs/screenshots/<scene>.png), taken of the real app so
 * that they stay true. The built renderer (out/renderer, or ENCLAVE_E2E_RENDERER_DIR) runs in Debian's
 * Chromium over the real core, through the end-to-end tests' harness (test/e2e/bridge.ts), in a
 * 1280x800 window, light (and the chat dark as well).
 *
 * Real app state: the models and their fit estimate, the PDF imported and searched, the page viewer
 * drawing its page, the machine policy and its data-loss check before a message leaves for a remote
 * endpoint (a local stand-in OpenAI-compatible server, scripts/fixtures/openAiServer.ts), Settings, the
 * audit trail. Stored, not generated: the generated test models have random weights and write
 * gibberish, so the chats' messages are stored directly, as a finished reply is stored; the document
 * answer cites passages that a real search of the imported PDF found.
 */
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { DocumentHit } from '../electron/shared/documents.js';
import { type EnclaveHarness, startEnclave } from '../test/e2e/bridge.js';
import { inspect, memoryEstimate, openSection } from '../test/e2e/modelsPage.js';
import { importIntoNewCollection, storeChat } from '../test/e2e/storedChats.js';
import { FakeOpenAiServer } from './fixtures/openAiServer.js';
import { createTextPdf } from './fixtures/pdf.js';

const outputDir = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const chatModel = 'Enclave Tiny Chat (generated)';
const contractFile = 'fabrikam-services-agreement.pdf';
const securityChat = 'Security review: action items';
const contractChat = 'Ending the Fabrikam contract';

/** A services agreement, one entry per page, each line drawn as it is (createTextPdf does not wrap). */
const contractPages: readonly (readonly string[])[] = [
  [
    'MASTER SERVICES AGREEMENT',
    'This agreement is made on 3 March 2026',
    'between Northwind Traders Ltd, 14 Harbour Street, Bristol ("the Client")',
    'and Fabrikam Data Services Ltd, 2 Canal Yard, Leeds ("the Supplier").',
    'Section 1: Services',
    '1.1 The Supplier provides the managed hosting and support services',
    'described in Schedule A, from 1 April 2026.',
    '1.2 Service levels, response times and service credits are set out',
    'in Schedule B. Service credits are the Client\'s sole remedy for a',
    'missed service level, except where this agreement says otherwise.',
    '1.3 The Supplier hosts all Client data in data centres in the',
    'United Kingdom and moves none of it elsewhere without the Client\'s',
    'prior written consent.',
  ],
  [
    'Section 2: Fees and payment',
    '2.1 The Client pays the monthly fees set out in Schedule C.',
    '2.2 Invoices are payable within thirty days of receipt.',
    '2.3 The Supplier may raise its fees once a year, by no more than the',
    'change in the consumer prices index, on sixty days written notice.',
    '2.4 On termination, fees for services delivered up to the date of',
    'termination remain payable; fees paid in advance for later months',
    'are refunded pro rata.',
    'Section 3: Service reviews',
    '3.1 The parties meet every quarter to review service levels,',
    'incidents and planned changes.',
  ],
  [
    'Section 6: Confidentiality',
    '6.1 Each party keeps the other\'s confidential information secret and',
    'uses it only to perform this agreement.',
    '6.2 This does not apply to information that is public through no',
    'fault of the receiving party, or that it must disclose by law.',
    '6.3 The duties in this section last for five years after this',
    'agreement ends.',
    '6.4 Each party limits access to the other\'s confidential information',
    'to the employees and subcontractors who need it, and binds them to',
    'duties no weaker than these.',
    '6.5 On request, a party returns or destroys the other\'s confidential',
    'information, except copies it must keep by law.',
    'Section 7: Term and termination',
    '7.1 This agreement runs for an initial term of two years from the',
    'start date, and then continues until either party ends it.',
    '7.2 Either party may terminate this agreement for convenience by',
    'giving ninety days written notice to the other party.',
    '7.3 Either party may terminate at once by written notice if the',
    'other commits a material breach and does not remedy it within',
    'thirty days of being asked to in writing.',
    '7.4 On termination, the Supplier returns or deletes all Client data',
    'within thirty days, as the Client chooses, and confirms in writing',
    'that it has done so.',
  ],
  [
    'Section 12: Governing law',
    '12.1 This agreement is governed by the laws of England and Wales.',
    '12.2 The courts of England have exclusive jurisdiction over any',
    'dispute arising from it.',
    'Signed for Northwind Traders Ltd: A. Lindqvist, Operations Director',
    'Signed for Fabrikam Data Services Ltd: R. Okafor, Managing Director',
  ],
];

/** Stored messages' times: a working morning, so the chat list reads as a used app's. */
const minutesAgo = (minutes: number) => Date.now() - minutes * 60_000;

async function main(): Promise<void> {
  const startedAt = Date.now();
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'enclave-screenshots-'));
  const server = new FakeOpenAiServer();
  server.models = ['gpt-4o-mini', 'gpt-4o'];
  const baseUrl = await server.start();
  let enclave: EnclaveHarness | undefined;
  try {
    enclave = await startEnclave({
      withModel: true,
      extraModels: ['tiny-embedding'],
      policyFileText: JSON.stringify({
        name: 'Northwind IT',
        network: { mode: 'allowlist', endpoints: [baseUrl] },
        dlp: { actions: { email: 'redact', phone: 'warn', creditCard: 'block' } },
      }),
    });
    await setUpState(enclave, scratch, baseUrl);
    await mkdir(outputDir, { recursive: true });
    const page = enclave.page;
    await page.reload();
    await chatScene(page);
    await documentScenes(page);
    await modelsScene(page);
    await settingsScene(enclave, page);
    await dataLossScene(page);
    await auditScene(page);
    const problems = [...enclave.pageErrors, ...enclave.foreignRequests.map((url) => `foreign request: ${url}`)];
    if (problems.length > 0) throw new Error(`The page reported problems:\n${problems.join('\n')}`);
  } finally {
    await enclave?.close();
    await server.stop();
    await rm(scratch, { recursive: true, force: true });
  }
  console.log(`Done in ${Math.round((Date.now() - startedAt) / 1000)} s.`);
}

/** The app's state before the window is opened on it: a document imported, chats stored, an endpoint added. */
async function setUpState(enclave: EnclaveHarness, scratch: string, baseUrl: string): Promise<void> {
  const { core } = enclave;
  const contract = path.join(scratch, contractFile);
  await writeFile(contract, await createTextPdf(contractPages));
  const { collectionId, ended } = await importIntoNewCollection(enclave, 'Contracts', [contract]);
  if (ended.outcomes.some((outcome) => outcome.status !== 'indexed')) throw new Error(`The contract was not indexed: ${JSON.stringify(ended.outcomes)}`);
  const [termination, fees] = await Promise.all([
    findPassage(enclave, collectionId, 'terminate for convenience ninety days written notice', 3),
    findPassage(enclave, collectionId, 'fees paid in advance refunded pro rata', 2),
  ]);

  await storeChat(core, 'Onboarding checklist for new hires', [
    { role: 'user', content: 'What should be on a first-week checklist for a new engineer?', at: minutesAgo(190) },
    {
      role: 'assistant',
      content: 'A first week that works: accounts and hardware on day one, a buddy, one small change shipped by Friday.',
      at: minutesAgo(189),
    },
  ]);
  await storeChat(core, securityChat, [
    {
      role: 'user',
      content:
        'Turn my notes from the security review into action items with owners:\n\n' +
        '- 14 laptops still without disk encryption, IT to fix by end of month\n' +
        '- phishing test: 9% clicked, Maria to run training\n' +
        '- VPN certificates expire 30 June, Tom to renew\n' +
        '- backup restore test never done',
      at: minutesAgo(42),
    },
    {
      role: 'assistant',
      content:
        'Here are the action items from the review:\n\n' +
        '| # | Action | Owner | Due |\n' +
        '|---|---|---|---|\n' +
        '| 1 | Encrypt the 14 remaining laptops | IT | End of month |\n' +
        '| 2 | Phishing-awareness training | Maria | This quarter |\n' +
        '| 3 | Renew the VPN certificates | Tom | Before 30 June |\n' +
        '| 4 | Test restoring from backup | *nobody yet* | Within 4 weeks |\n\n' +
        'One item has no owner yet: the **restore test**. Assign it first, since an untested backup is the risk most likely to surprise you.',
      at: minutesAgo(41),
    },
  ]);
  const contractChatId = await storeChat(core, contractChat, [
    { role: 'user', content: 'How much notice do we need to give to end the Fabrikam contract, and what happens to our data afterwards?', at: minutesAgo(12) },
    {
      role: 'assistant',
      content:
        'You can end the agreement for convenience with **ninety days’ written notice** [1]. If Fabrikam commits a material breach ' +
        'and does not fix it within thirty days of being asked, you can terminate at once, also in writing [1].\n\n' +
        'After termination, Fabrikam must return or delete all of your data within thirty days, as you choose, and confirm it in writing [1]. ' +
        'Fees for services already delivered stay payable; anything paid in advance for later months is refunded pro rata [2].',
      sources: [
        { ...termination, number: 1, cited: true },
        { ...fees, number: 2, cited: true },
      ],
      at: minutesAgo(11),
    },
  ]);
  await core.handlers['chats.setCollections']({ chatId: contractChatId, collectionIds: [collectionId] });
  await core.handlers['endpoints.add']({ name: 'Northwind gateway', baseUrl, apiKey: 'sk-screenshots-not-a-real-key' });
}

/** The best passage a real search of the collection finds for `query`, which must be on `page`. */
async function findPassage(enclave: EnclaveHarness, collectionId: string, query: string, page: number): Promise<DocumentHit> {
  const [hit] = await enclave.core.handlers['documents.search']({ query, collectionIds: [collectionId] });
  if (hit?.page !== page) throw new Error(`Searching for "${query}" found page ${String(hit?.page ?? 'nothing')}, not page ${page}.`);
  return hit;
}

/** Saves docs/screenshots/<name>.png of the window as it is now, in the given colour scheme. */
async function shoot(page: Page, name: string, colorScheme: 'light' | 'dark' = 'light'): Promise<void> {
  await page.emulateMedia({ colorScheme });
  // The pointer rests on an empty corner of the sidebar, not on the button it last clicked.
  await page.mouse.move(1, 799);
  const file = path.join(outputDir, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  await page.emulateMedia({ colorScheme: 'light' });
  console.log(`${path.relative(process.cwd(), file)}  ${Math.round((await stat(file)).size / 1024)} KB`);
}

async function openChat(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name: title, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  await page.locator('article[aria-label^="Reply"][data-status="complete"]').last().waitFor();
}

async function chatScene(page: Page): Promise<void> {
  await openChat(page, securityChat);
  await shoot(page, 'chat');
  await shoot(page, 'chat-dark', 'dark');
}

async function documentScenes(page: Page): Promise<void> {
  await openChat(page, contractChat);
  const reply = page.locator('article[aria-label^="Reply"]').last();
  await reply.locator('.sources').waitFor();
  await shoot(page, 'document-answer');

  await reply.locator('.sources').getByRole('button', { name: `Source 1: ${contractFile}, page 3`, exact: true }).click();
  const viewer = page.getByRole('dialog', { name: contractFile });
  const drawn = viewer.getByRole('region', { name: 'Page 3 of 4', exact: true });
  await drawn.locator('.passage-hit').first().waitFor({ timeout: 20_000 });
  await drawn.and(page.locator('[aria-busy="false"]')).waitFor();
  await shoot(page, 'page-viewer');
  await page.keyboard.press('Escape');
  await viewer.waitFor({ state: 'detached' });
}

async function modelsScene(page: Page): Promise<void> {
  await openSection(page, 'Models');
  const details = await inspect(page, chatModel);
  await details.getByRole('button', { name: 'Load', exact: true }).click();
  await details.getByRole('region', { name: 'Running' }).getByText(/^Runs on the CPU/).waitFor({ timeout: 60_000 });
  await memoryEstimate(details).and(page.locator('[data-fits]')).waitFor({ timeout: 20_000 });
  await shoot(page, 'models');
}

async function settingsScene(enclave: EnclaveHarness, page: Page): Promise<void> {
  await openSection(page, 'Settings');
  const { cpu } = await enclave.core.handlers['system.hardware']({});
  await page.getByRole('region', { name: 'Hardware', exact: true }).getByText(cpu.model).first().waitFor({ timeout: 20_000 });
  await page.getByRole('region', { name: 'Recommendations', exact: true }).getByRole('listitem').filter({ hasText: chatModel }).waitFor({ timeout: 20_000 });
  await shoot(page, 'settings');
}

/** A message to the remote endpoint with a phone number, which the policy asks the user to confirm. */
async function dataLossScene(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name: 'New chat' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'New chat' }).waitFor();
  const picker = page.getByRole('combobox', { name: 'Model' });
  await picker.locator('option', { hasText: 'gpt-4o-mini' }).waitFor({ state: 'attached' });
  await picker.selectOption({ label: 'gpt-4o-mini' });
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill('Write a short reply to dana.whitfield@example.com confirming the move to 12 June, and ask her to call me on +44 20 7946 0958.');
  await composer.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Send sensitive data?' });
  await dialog.waitFor();
  await shoot(page, 'data-loss-check');
  // Sent after all, so that the audit trail records the remote request.
  await dialog.getByRole('button', { name: 'Send anyway' }).click();
  await page.locator('article[aria-label^="Reply"][data-status="complete"]').last().waitFor({ timeout: 20_000 });
}

async function auditScene(page: Page): Promise<void> {
  await openSection(page, 'Audit trail');
  await page.getByRole('table', { name: 'Audit entries' }).locator('tbody tr').first().waitFor({ timeout: 20_000 });
  const integrity = page.getByRole('region', { name: 'Integrity' });
  await integrity.getByRole('button', { name: 'Verify the trail' }).click();
  await integrity.locator('[data-state="verified"]').waitFor({ timeout: 20_000 });
  // The remote request the data-loss scene sent, with what its check found (counts, never the text).
  const entries = page.getByRole('region', { name: 'Entries' });
  await entries.getByRole('combobox', { name: 'Events' }).selectOption('remote');
  await entries.locator('tbody tr').first().and(page.locator('[data-type="remote.sending"]')).waitFor();
  await shoot(page, 'audit');
}

await main();
