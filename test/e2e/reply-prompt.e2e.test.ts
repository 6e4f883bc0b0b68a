/**
 * A reply's exact prompt in its details (issue 21), in the built renderer in Chromium over the real
 * core and the generated model: opening Details asks for the prompt (and only then), shows it word for
 * word in a scrollable monospace box with Copy, equal to what core kept; a reply from before prompts
 * were kept says "Not recorded".
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertMessage } from '../../electron/core/chat/store/messages.js';
import { accessibilityViolations } from './accessibility.js';
import type { EnclaveHarness } from './bridge.js';
import { chatLocators, generatedChatModel, replyTimeout } from './chatPage.js';
import { useEnclaveWindow } from './enclaveWindow.js';

const app = useEnclaveWindow({ withModel: true, maxTokens: 24, contextSize: 1024 });
let enclave: EnclaveHarness;
let page: Page;

beforeAll(() => {
  ({ enclave, page } = app);
});

const { chatsNav, chatButton, heading, composer, lastReply } = chatLocators(() => page);

interface StyleGlobals {
  getComputedStyle(element: unknown): { fontFamily: string; overflowY: string };
}

/** The box's font and vertical overflow, read in the page (the test project has no DOM types). */
function boxStyle(element: unknown): { font: string; overflow: string } {
  const style = (globalThis as unknown as StyleGlobals).getComputedStyle(element);
  return { font: style.fontFamily, overflow: style.overflowY };
}

describe('the exact prompt in a reply\'s details', () => {
  it('shows the prompt core kept, on demand, monospace and scrollable, with Copy', async () => {
    const before = enclave.requestLog.length;
    await chatsNav().getByRole('button', { name: 'New chat' }).first().click();
    await page.getByRole('combobox', { name: 'Model' }).selectOption({ label: generatedChatModel });
    await composer().fill('What is the capital of France?');
    await composer().press('Enter');
    const reply = lastReply().and(page.locator('[data-status="complete"]'));
    await reply.waitFor({ timeout: replyTimeout });
    const messageId = await reply.getAttribute('data-message-id');
    expect(messageId).toBeTruthy();
    const kept = (await enclave.core.handlers['chats.replyPrompt']({ messageId: messageId! }))!;
    expect(kept.text).toContain('What is the capital of France?');

    // Not read until the details open: a chat's messages never carry prompts.
    expect(await reply.locator('.reply-prompt').count()).toBe(0);
    expect(enclave.requestLog.slice(before)).not.toContain('chats.replyPrompt');
    await reply.hover();
    await reply.getByRole('button', { name: 'Details' }).click();
    const box = reply.locator('pre.reply-prompt-text');
    await box.waitFor();
    expect(await box.textContent()).toBe(kept.text);
    expect(await reply.locator('.reply-prompt').textContent()).toMatch(new RegExp(`${kept.tokenCount} tokens`));
    const style = await box.evaluate(boxStyle);
    expect(style.font).toMatch(/mono/i);
    expect(style.overflow).toBe('auto');
    await reply.getByRole('button', { name: 'Copy exact prompt' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(enclave.requestLog.slice(before).filter((channel) => channel === 'chats.replyPrompt')).toHaveLength(1);
  });

  it('says "Not recorded" for a reply written before prompts were kept', async () => {
    const db = enclave.core.db!;
    const chat = await enclave.core.handlers['chats.create']({ title: 'Older chat' });
    insertMessage(db, { chatId: chat.id, role: 'user', content: 'An old question', status: 'complete' });
    insertMessage(db, { chatId: chat.id, role: 'assistant', content: 'An old answer.', status: 'complete', modelName: generatedChatModel });
    await page.reload();
    await chatButton('Older chat').click();
    await expect.poll(() => heading().textContent()).toBe('Older chat');
    const reply = lastReply();
    await reply.hover();
    await reply.getByRole('button', { name: 'Details' }).click();
    await expect.poll(() => reply.locator('.reply-prompt').textContent()).toMatch(/Not recorded/);
    expect(await reply.locator('pre.reply-prompt-text').count()).toBe(0);
  });
});
