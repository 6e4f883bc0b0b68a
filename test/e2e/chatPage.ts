import type { Locator, Page } from 'playwright-core';

/** The generated chat model every e2e harness with `withModel: true` has. */
export const generatedChatModel = 'Enclave Tiny Chat (generated)';
/** The first reply also waits for the model host to start and load the model. */
export const replyTimeout = 90_000;

/** Where a test finds the chat's parts, on the page `current` returns (set once the app has started). */
export function chatLocators(current: () => Page) {
  const chatsNav = (): Locator => current().getByRole('navigation', { name: 'Chats' });
  return {
    chatsNav,
    chatButton: (title: string): Locator => chatsNav().getByRole('listitem').getByRole('button', { name: title, exact: true }),
    heading: (): Locator => current().getByRole('heading', { level: 1 }),
    composer: (): Locator => current().getByRole('textbox', { name: 'Message' }),
    replies: (): Locator => current().locator('article[aria-label^="Reply"]'),
    lastReply: (): Locator => current().locator('article[aria-label^="Reply"]').last(),
  };
}
