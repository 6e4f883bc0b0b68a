/**
 * Replies and focus as a user meets them (issue 18), in the built renderer in Chromium over the real
 * core and the generated model: a new chat opens with the cursor in its message box; the caret of a
 * streaming reply sits on the line it writes; a reply's actions wait out of sight until the pointer
 * or the keyboard comes to it, its figures one quiet line; uncited passages fold; the last line is
 * never under the composer; a search hit takes the focus to the message and marks the message alone.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveMessageSources } from '../../electron/core/chat/store/messageSources.js';
import { insertMessage } from '../../electron/core/chat/store/messages.js';
import type { MessageSource } from '../../electron/shared/documents.js';
import { accessibilityViolations } from './accessibility.js';
import type { EnclaveHarness } from './bridge.js';
import { chatLocators, generatedChatModel, replyTimeout } from './chatPage.js';
import { useEnclaveWindow } from './enclaveWindow.js';
import { focusedElementName } from './pageProbes.js';
import { boxOf, focusedMessageId, isRendered, opacityOf, recordCaretPlacement, recordedCaretSamples, ringOf } from './replyProbes.js';

const modelName = generatedChatModel;

const app = useEnclaveWindow({ withModel: true, maxTokens: 300, contextSize: 2048 }, { resetColourScheme: true });
let enclave: EnclaveHarness;
let page: Page;

beforeAll(() => {
  ({ enclave, page } = app);
});

const { chatsNav, chatButton, heading, composer, lastReply } = chatLocators(() => page);

async function expectAccessible(name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await enclave.screenshot(page, name, scheme);
    expect(await accessibilityViolations(page), `${name} (${scheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

/** Presses Tab until the focused element is named `name` (at most `limit` presses); false if it never is. */
async function tabTo(name: string, limit = 30): Promise<boolean> {
  for (let presses = 0; presses < limit; presses++) {
    if ((await page.evaluate(focusedElementName)) === name) return true;
    await page.keyboard.press('Tab');
  }
  return (await page.evaluate(focusedElementName)) === name;
}

/** A retrieved passage as core stores it with a reply (no document behind it: these are not opened). */
function passage(number: number, cited: boolean, fileName: string): MessageSource {
  const text = `Passage ${number}. The supplier may end this agreement with ninety days notice in writing; notices go to the address in clause ${number + 2}.`;
  return { chunkId: number, documentId: `doc-${number}`, fileName, page: number, section: null, charStart: 0, charEnd: text.length, text, score: 1 - number / 10, number, cited };
}

/** A chat long enough to scroll: a short question with a rare word first, then turns, then an answer from documents. */
async function seedGroundedChat(): Promise<void> {
  const db = enclave.core.db!;
  const chat = await enclave.core.handlers['chats.create']({ title: 'Notice periods' });
  insertMessage(db, { chatId: chat.id, role: 'user', content: 'Do kittiwakes nest here?', status: 'complete' });
  for (let turn = 1; turn <= 4; turn++) {
    insertMessage(db, { chatId: chat.id, role: 'user', content: `Question ${turn}: what does the contract say about renewals and notice?`, status: 'complete' });
    insertMessage(db, {
      chatId: chat.id,
      role: 'assistant',
      content: `Answer ${turn}. The contract renews each year unless either side gives notice.\n\n- Notice must be in writing.\n- It must arrive ninety days before the renewal date.\n\nAfter that, the renewal is binding for another year.`,
      status: 'complete',
      modelName,
    });
  }
  insertMessage(db, { chatId: chat.id, role: 'user', content: 'How much notice does the supplier need to give?', status: 'complete' });
  const answer = insertMessage(db, {
    chatId: chat.id,
    role: 'assistant',
    content: 'The supplier must give ninety days notice in writing [1], sent to the address in the notices clause [3].',
    status: 'complete',
    modelName,
  });
  saveMessageSources(db, answer.id, [1, 2, 3, 4, 5, 6].map((number) => passage(number, number === 1 || number === 3, number % 2 ? 'contract.pdf' : 'annex.pdf')));
}

describe('replies and focus (issue 18) in the Enclave window', () => {
  it('opens a new chat with the cursor in the message box: New chat (from Get started, then from a chat) and Ctrl+N', async () => {
    await page.getByRole('region', { name: 'Get started' }).waitFor();
    await chatsNav().getByRole('button', { name: 'New chat' }).first().click();
    await expect.poll(() => heading().textContent()).toBe('New chat');
    await expect.poll(() => page.evaluate(focusedElementName)).toBe('Message');

    await chatsNav().getByRole('button', { name: 'New chat' }).first().click();
    await expect.poll(async () => (await enclave.core.handlers['chats.list']({})).length).toBe(2);
    await expect.poll(() => page.evaluate(focusedElementName)).toBe('Message');

    // From outside the message box (the search button), as from inside it.
    await page.getByRole('button', { name: /Search chats/ }).focus();
    await page.keyboard.press('Control+N');
    await expect.poll(async () => (await enclave.core.handlers['chats.list']({})).length).toBe(3);
    await expect.poll(() => page.evaluate(focusedElementName)).toBe('Message');
    // Opening an existing chat from the list leaves the focus in the list.
    await chatsNav().getByRole('listitem').getByRole('button', { name: 'New chat', exact: true }).last().click();
    await page.waitForTimeout(200);
    expect(await page.evaluate(focusedElementName)).toBe('New chat');
  });

  it('writes the caret on the line being written, then shows a quiet line of figures and actions on hover or focus', async () => {
    await chatsNav().getByRole('button', { name: 'New chat' }).first().click();
    await page.getByRole('combobox', { name: 'Model' }).selectOption({ label: modelName });
    await expect.poll(() => page.evaluate(focusedElementName)).toBe('Message');
    await page.evaluate(recordCaretPlacement);
    await composer().fill('Tell me about the rivers of Europe, in a few paragraphs.');
    await composer().press('Enter');
    const reply = lastReply().and(page.locator('[data-status="complete"]'));
    await reply.waitFor({ timeout: replyTimeout });

    const samples = await page.evaluate(recordedCaretSamples);
    expect(samples.length, 'the caret was seen while the reply streamed').toBeGreaterThan(0);
    expect(samples.filter((sample) => !sample.inBlock || !sample.sameLine), JSON.stringify(samples.slice(0, 5))).toEqual([]);
    expect(await reply.locator('.message-caret').count(), 'no caret once the reply is finished').toBe(0);

    // The figures: one quiet line, always in view.
    const status = reply.locator('.message-status');
    expect(await status.textContent()).toMatch(/^[\d,]+ tokens · [\d.,]+ tokens\/s · \d+% of context$/);
    const actions = reply.locator('.message-actions');
    // Out of sight with the pointer elsewhere and the focus in the message box ...
    await page.mouse.move(640, 5);
    await composer().focus();
    await expect.poll(() => actions.evaluate(opacityOf)).toBe(0);
    expect(await actions.evaluate(isRendered), 'hidden by opacity only: still reachable').toBe(true);
    expect(await status.isVisible()).toBe(true);
    await enclave.screenshot(page, 'replies-footer-resting', 'light');
    // ... in view with the pointer over the reply ...
    await reply.hover();
    await expect.poll(() => actions.evaluate(opacityOf)).toBe(1);
    await enclave.screenshot(page, 'replies-footer-hover', 'light');
    await page.mouse.move(640, 5);
    await expect.poll(() => actions.evaluate(opacityOf)).toBe(0);

    // ... and with the keyboard on any of them: Tab from the message list reaches Copy, then Details.
    await page.getByRole('feed', { name: 'Messages' }).focus();
    expect(await tabTo('Copy this reply'), 'Tab reaches the reply’s Copy').toBe(true);
    await expect.poll(() => actions.evaluate(opacityOf)).toBe(1);
    expect(await tabTo('Details', 4)).toBe(true);
    const details = reply.getByRole('button', { name: 'Details' });
    expect(await details.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Enter');
    expect(await details.getAttribute('aria-expanded')).toBe('true');
    const facts = reply.locator('.message-facts');
    await facts.waitFor();
    expect(await facts.locator('dt').allTextContents()).toEqual(expect.arrayContaining(['Model', 'Tokens out', 'Speed', 'Context used']));
    await expectAccessible('replies-footer-focus');
  });

  it('keeps cited passages in view as compact cards, folds the rest behind a count, and keeps the last line clear of the composer', async () => {
    await seedGroundedChat();
    await page.reload();
    await chatButton('Notice periods').click();
    await expect.poll(() => heading().textContent()).toBe('Notice periods');
    const reply = lastReply();
    const sources = reply.locator('.sources');
    await sources.waitFor();

    const cited = reply.getByRole('list', { name: 'Sources' }).getByRole('listitem');
    expect(await cited.count()).toBe(2);
    const toggle = reply.getByRole('button', { name: '4 more passages retrieved' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await reply.getByRole('list', { name: 'Also retrieved' }).count(), 'uncited passages folded').toBe(0);
    expect((await sources.evaluate(boxOf)).height, 'the sources take little room').toBeLessThan(180);

    // Scrolled to the end, the last line (the reply's footer) stands clear above the composer.
    const feed = page.getByRole('feed', { name: 'Messages' });
    await feed.focus();
    await page.keyboard.press('End');
    await page.waitForTimeout(300);
    const list = await feed.evaluate(boxOf);
    const composerTop = (await page.locator('.composer-area').evaluate(boxOf)).top;
    const lastLine = (await reply.evaluate(boxOf)).bottom;
    expect(list.bottom).toBeLessThanOrEqual(composerTop + 1);
    expect(composerTop - lastLine, 'a gap between the last line and the composer').toBeGreaterThanOrEqual(16);
    await expectAccessible('replies-sources-folded');

    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await reply.getByRole('list', { name: 'Also retrieved' }).getByRole('listitem').count()).toBe(4);
    await toggle.scrollIntoViewIfNeeded();
    await expectAccessible('replies-sources-expanded');
    await toggle.click();
    expect(await reply.getByRole('list', { name: 'Also retrieved' }).count()).toBe(0);
  });

  it('takes the focus to the message a search hit names, and marks the message, not its row', async () => {
    const firstQuestionId = await firstMessageOf('Notice periods');
    // From another chat, so the jump opens the chat and scrolls up to its first message.
    await chatsNav().getByRole('listitem').getByRole('button', { name: 'New chat', exact: true }).first().click();
    await expect.poll(() => heading().textContent()).toBe('New chat');
    await page.keyboard.press('Control+K');
    const dialog = page.getByRole('dialog', { name: 'Search chats' });
    await dialog.waitFor();
    await dialog.getByRole('searchbox', { name: 'Search all chats' }).fill('kittiwakes');
    await dialog.getByRole('list', { name: 'Search results' }).getByRole('button').first().waitFor();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => heading().textContent()).toBe('Notice periods');

    await expect.poll(() => page.evaluate(focusedMessageId), { timeout: 5_000 }).toBe(firstQuestionId);
    const found = page.locator(`article[data-message-id="${firstQuestionId}"]`);
    expect(await found.getAttribute('data-marked')).not.toBeNull();
    const bubble = await found.locator('.message-bubble').evaluate(ringOf);
    const slot = await found.locator('xpath=ancestor::div[contains(@class, "message-row")]').evaluate(ringOf);
    expect(bubble.outline).toBe('solid 3px');
    expect(slot.outline).toMatch(/^none/);
    // The bubble is right-aligned and narrow; the mark goes round it alone, not the whole row.
    expect(bubble.width).toBeLessThan(slot.width / 2);
    expect(Math.abs(bubble.right - (slot.right - 24))).toBeLessThanOrEqual(2);
    await expectAccessible('replies-search-jump');
  });
});

/** The id of a chat's first message, by the chat's title. */
async function firstMessageOf(title: string): Promise<string> {
  const chat = (await enclave.core.handlers['chats.list']({})).find((candidate) => candidate.title === title)!;
  return (await enclave.core.handlers['chats.get']({ chatId: chat.id })).messages[0]!.id;
}
