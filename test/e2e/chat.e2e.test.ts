/**
 * The chat window as a user meets it: the built renderer in Chromium, the real core behind it, a real
 * (generated) GGUF model answering. One window and one core for the file, as in the app; each test
 * starts its own chat.
 */
import { rename } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEnclaveApi } from '../../electron/shared/api.js';
import type { ChatMessage } from '../../electron/shared/domain.js';
import type { ModelHostClient } from '../../electron/core/llm/host/modelHostClient.js';
import type { EnclaveHarness } from './bridge.js';
import { useEnclaveWindow } from './enclaveWindow.js';
import {
  apiShape,
  assetSources,
  focusedElementName,
  recordedReplyLengths,
  recordStreamingReplyLengths,
  stopOnFirstStreamedText,
  stopWhenReplyIs,
} from './pageProbes.js';

const modelName = 'Enclave Tiny Chat (generated)';
/** The first reply also waits for the model host to start and load the model. */
const replyTimeout = 45_000;
const maxTokens = 512;

// A long reply limit, so a reply is still being written when Stop is clicked.
const app = useEnclaveWindow({ withModel: true, maxTokens, contextSize: 1024 });
let enclave: EnclaveHarness;
let page: Page;

beforeAll(() => {
  ({ enclave, page } = app);
});

type HostLoad = ModelHostClient['load'];

/**
 * Holds the next model load at 0 % until a reply's `end` has left core, then lets it run. Resolves once
 * the load has been let go, with the host's own load back in place.
 */
function holdModelLoadUntilReplyEnds(): Promise<void> {
  const host = (enclave.core.provider as unknown as { host: { load: HostLoad } }).host;
  const realLoad = host.load;
  return new Promise((released) => {
    const replyEnded = new Promise<void>((ended) => {
      const stopListening = enclave.onStreamEvent(({ event }) => {
        if (event.type !== 'end') return;
        stopListening();
        ended();
      });
    });
    host.load = async (options, onProgress) => {
      host.load = realLoad;
      onProgress(0);
      await replyEnded;
      released();
      return realLoad.call(host, options, onProgress);
    };
  });
}

/** A chat in the list, by title (the "New chat" button above the list has the same name as a new chat). */
const chatButton = (title: string) => page.getByRole('listitem').getByRole('button', { name: title, exact: true });
const menuButton = (title: string) => page.getByRole('button', { name: `Actions for ${title}`, exact: true });

async function startChat(): Promise<string> {
  await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name: 'New chat' }).first().click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('New chat');
  const chats = enclave.core.handlers['chats.list']({});
  return (await chats)[0]!.id;
}

async function sendMessage(text: string): Promise<void> {
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill(text);
  await composer.press('Enter');
}

async function storedMessages(chatId: string): Promise<ChatMessage[]> {
  return (await enclave.core.handlers['chats.get']({ chatId })).messages;
}

const lastReply = () => page.locator('article[aria-label^="Reply"]').last();
const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/** The renderer's policy: nothing but the bundle itself, inline styles for the UI libraries. */
const strictContentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'";

describe('chatting in the Enclave window', () => {
  it('runs under the strict Content-Security-Policy, with relative asset paths', async () => {
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policy?.replace(/\s+/g, ' ').trim()).toBe(strictContentSecurityPolicy);
    const assets = await page.locator('script[src], link[rel="stylesheet"]').evaluateAll(assetSources);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) expect(asset).toMatch(/^\.\/assets\//);
  });

  it('exposes exactly the preload API shape as window.enclave', async () => {
    const preloadShape = apiShape(createEnclaveApi(() => Promise.reject(new Error('unused')), () => () => {}));
    expect(await page.evaluate(apiShape, undefined)).toEqual(preloadShape);
  });

  it('streams a reply token by token, and keeps the chat across a reload', async () => {
    const chatId = await startChat();
    await page.getByRole('combobox', { name: 'Model' }).selectOption({ label: modelName });
    await page.evaluate(recordStreamingReplyLengths);
    await sendMessage('Hello! Please tell me about the weather.');

    await expect.poll(() => page.getByRole('article', { name: 'Your message' }).last().locator('.message-plain').textContent()).toBe(
      'Hello! Please tell me about the weather.',
    );
    await lastReply().and(page.locator('[data-status="complete"]')).waitFor({ timeout: replyTimeout });

    const lengths = await page.evaluate(recordedReplyLengths);
    expect(lengths.length, `reply lengths seen while streaming: ${lengths.join(', ')}`).toBeGreaterThanOrEqual(2);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    const [, reply] = await storedMessages(chatId);
    expect(reply).toMatchObject({ role: 'assistant', status: 'complete', modelName });
    expect(squash(await lastReply().locator('.markdown').textContent())).toBe(squash(reply!.content));
    // The chat took its title from the first message.
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(
      'Hello! Please tell me about the weather.',
    );

    await page.reload();
    await page.getByRole('article', { name: 'Your message' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Hello! Please tell me about the weather.');
    expect(squash(await lastReply().locator('.markdown').textContent())).toBe(squash(reply!.content));
    expect(await page.getByRole('combobox', { name: 'Model' }).inputValue()).toBe(reply!.modelId);
  });

  it('stops a reply mid-way: the text so far stays, marked Stopped, also after a reload', async () => {
    const chatId = await startChat();
    const stopped = page.evaluate(stopOnFirstStreamedText);
    await sendMessage('Write me a very long story about a river.');
    const shownWhenStopped = await stopped;

    const stoppedReply = lastReply().and(page.locator('[data-reply-state="stopped"]'));
    await stoppedReply.waitFor();
    expect(await stoppedReply.getByText('Stopped', { exact: true }).isVisible()).toBe(true);
    expect(squash(await stoppedReply.locator('.message-note').textContent())).toBe('Stopped before the reply was finished. The text so far is kept.');
    const [, reply] = await storedMessages(chatId);
    expect(reply).toMatchObject({ status: 'interrupted', stopReason: 'aborted', error: null });
    expect(reply!.content.length).toBeGreaterThanOrEqual(shownWhenStopped);
    expect(reply!.tokensOut ?? 0, 'the reply was cut short, not finished').toBeLessThan(maxTokens);
    await expect.poll(async () => squash(await stoppedReply.locator('.markdown').textContent())).toBe(squash(reply!.content));
    // Nothing is left running: the composer offers Send again.
    await page.getByRole('button', { name: 'Send', exact: true }).waitFor();

    await page.reload();
    await stoppedReply.waitFor();
    expect(squash(await stoppedReply.locator('.markdown').textContent())).toBe(squash(reply!.content));
    expect(await stoppedReply.getByText('Stopped', { exact: true }).isVisible()).toBe(true);
    await enclave.screenshot(page, 'chat-stopped', 'light');
    await enclave.screenshot(page, 'chat-stopped', 'dark');
  });

  it('stops before the first token: "Stopped", never an error, claiming no text', async () => {
    const chatId = await startChat();
    // With the model to load first (held until the reply ends), the reply is still waiting when Stop lands.
    await enclave.core.handlers['models.unload']({});
    const releaseLoad = holdModelLoadUntilReplyEnds();
    // Queued or loading, whichever is drawn first: both come before the model writes.
    const stopped = page.evaluate(stopWhenReplyIs, ['queued', 'loading']);
    await sendMessage('Write me a very long story about a mountain.');
    expect(await stopped).toBe(0);
    await releaseLoad;
    const stoppedReply = lastReply().and(page.locator('[data-reply-state="stopped"]'));
    await stoppedReply.waitFor();
    expect(squash(await stoppedReply.locator('.message-note').textContent())).toBe('Stopped before the model wrote anything.');
    expect(await stoppedReply.getByRole('alert').count()).toBe(0);
    const [, reply] = await storedMessages(chatId);
    expect(reply).toMatchObject({ status: 'interrupted', stopReason: 'aborted', error: null, content: '' });
    await page.getByRole('button', { name: 'Send', exact: true }).waitFor();
  });

  it('stops while the model is loading, at once, and the next message is answered', async () => {
    const chatId = await startChat();
    await enclave.core.handlers['models.unload']({});
    // The tiny model loads in milliseconds, often before a click reaches core: the load is held until the
    // reply has ended, which is the claim (the reply ends at once, without waiting for the model).
    const releaseLoad = holdModelLoadUntilReplyEnds();
    const stopped = page.evaluate(stopWhenReplyIs, ['loading']);
    await sendMessage('Write me a very long story about the sea.');
    await stopped;
    await releaseLoad;
    const stoppedReply = lastReply().and(page.locator('[data-reply-state="stopped"]'));
    await stoppedReply.waitFor();
    expect(squash(await stoppedReply.locator('.message-note').textContent())).toBe('Stopped before the model wrote anything.');
    expect((await storedMessages(chatId))[1]).toMatchObject({ status: 'interrupted', stopReason: 'aborted', error: null, content: '' });

    await sendMessage('Hello again.');
    await lastReply().and(page.locator('[data-reply-state="complete"], [data-reply-state="token-limit"]')).waitFor({ timeout: replyTimeout });
  });

  it('shows a reply cut short by a crashed model as Interrupted with why, keeping its text', async () => {
    const chatId = await startChat();
    // The model process dies as the reply's first words leave core (the tiny model would finish first otherwise).
    const stopListening = enclave.onStreamEvent(({ event }) => {
      if (event.type !== 'text') return;
      stopListening();
      enclave.core.provider.killHostForTesting();
    });
    await sendMessage('Write me a very long story about a forest.');
    const interrupted = lastReply().and(page.locator('[data-reply-state="interrupted"]'));
    await interrupted.waitFor();
    expect(await interrupted.getByText('Interrupted', { exact: true }).isVisible()).toBe(true);
    expect(squash(await interrupted.locator('.message-note').textContent())).toMatch(/stopped unexpectedly/);
    const [, reply] = await storedMessages(chatId);
    expect(reply).toMatchObject({ status: 'interrupted', error: { code: 'model-host-crashed' } });
    expect(reply!.content.length).toBeGreaterThan(0);
  });

  it('sends a message and streams its reply with one request for the message and at most one list refresh', async () => {
    await startChat();
    await page.getByRole('button', { name: 'Send', exact: true }).waitFor();
    const before = enclave.requestLog.length;
    await sendMessage('Count the requests, please.');
    await lastReply().and(page.locator('[data-reply-state="complete"], [data-reply-state="token-limit"]')).waitFor({ timeout: replyTimeout });
    // Let any late refresh land before counting.
    await page.waitForTimeout(300);
    const requests = enclave.requestLog.slice(before);
    expect(requests.filter((channel) => channel === 'chats.send')).toHaveLength(1);
    expect(requests.filter((channel) => channel === 'chats.list').length, requests.join(', ')).toBeLessThanOrEqual(1);
    expect(requests.filter((channel) => channel === 'chats.get'), requests.join(', ')).toHaveLength(0);
  });

  it('renames a chat in place (Enter saves, Escape cancels) and deletes it after asking', async () => {
    const chatId = await startChat();
    // Keyboard only: focus the menu button, open the menu, take its first item (Rename).
    await menuButton('New chat').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: 'Rename' }).waitFor();
    await page.keyboard.press('Enter');
    const titleField = page.getByRole('textbox', { name: 'Chat title' });
    await titleField.fill('Quarterly report');
    await titleField.press('Enter');
    await chatButton('Quarterly report').waitFor();
    expect((await enclave.core.handlers['chats.get']({ chatId })).chat.title).toBe('Quarterly report');
    await expect.poll(() => page.evaluate(focusedElementName)).toBe('Quarterly report');

    // A menu dismissed with Escape gives focus back to its button.
    await menuButton('Quarterly report').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menu').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });
    await expect.poll(() => page.evaluate(focusedElementName)).toBe('Actions for Quarterly report');

    await menuButton('Quarterly report').click();
    await page.getByRole('menuitem', { name: 'Rename' }).click();
    await titleField.fill('Not this');
    await titleField.press('Escape');
    await chatButton('Quarterly report').waitFor();
    expect((await enclave.core.handlers['chats.get']({ chatId })).chat.title).toBe('Quarterly report');

    await menuButton('Quarterly report').click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this chat?' });
    await dialog.waitFor();
    await enclave.screenshot(page, 'chat-delete-dialog', 'light');
    await enclave.screenshot(page, 'chat-delete-dialog', 'dark');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await enclave.core.handlers['chats.list']({})).some((chat) => chat.id === chatId)).toBe(true);

    await menuButton('Quarterly report').click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    await dialog.getByRole('button', { name: 'Delete chat' }).click();
    await chatButton('Quarterly report').waitFor({ state: 'detached' });
    expect((await enclave.core.handlers['chats.list']({})).some((chat) => chat.id === chatId)).toBe(false);
  });

  it('shows a failed send in place, in plain words, keeps the text, and sends once the problem is fixed', async () => {
    await startChat();
    const modelFile = path.join(enclave.modelsDir, 'tiny-chat.gguf');
    await rename(modelFile, `${modelFile}.away`);
    try {
      await sendMessage('Is anyone there?');
      const alert = page.locator('.composer-area').getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toMatch(/^Your message was not sent\. .+/);
      expect(await page.getByRole('textbox', { name: 'Message' }).inputValue()).toBe('Is anyone there?');
      await enclave.screenshot(page, 'chat-send-error', 'light');
    } finally {
      await rename(`${modelFile}.away`, modelFile);
    }

    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.locator('.composer-area').getByRole('alert').waitFor({ state: 'detached' });
    await lastReply().and(page.locator('[data-status="complete"]')).waitFor({ timeout: replyTimeout });
  });
});
