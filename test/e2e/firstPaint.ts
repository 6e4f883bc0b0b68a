/**
 * Time from clicking a chat in the list to the first frame that shows its newest message: what
 * "opening a chat" feels like. Measured inside the page (performance.now around a real click on
 * the real button), so the test harness's own round trips do not count; the wait ends at the first
 * frame painted after the message is in the DOM (a task queued from requestAnimationFrame runs
 * after that frame). Shared by the end-to-end test and `npm run bench:history`.
 */
import type { Page } from 'playwright-core';

/** Clicks the chat titled `chatTitle` and resolves with the milliseconds until `messageId` is painted. */
export function openChatToFirstPaint(page: Page, chatTitle: string, messageId: string): Promise<number> {
  return page.evaluate(clickAndTimeFirstPaint, [chatTitle, messageId] as const);
}

/** Runs in the page: self-contained, and naming the little of the DOM it uses (the test project has no DOM types). */
function clickAndTimeFirstPaint([chatTitle, messageId]: readonly [string, string]): Promise<number> {
  type Element = { textContent: string | null; click(): void };
  const page = globalThis as unknown as {
    document: { body: unknown; querySelector(selector: string): Element | null; querySelectorAll(selector: string): Iterable<Element> };
    MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void; disconnect(): void };
    performance: { now(): number };
    requestAnimationFrame(callback: () => void): void;
    setTimeout(callback: () => void, ms: number): void;
  };
  const button = [...page.document.querySelectorAll('nav[aria-label="Chats"] li .chat-list-select')].find(
    (candidate) => candidate.textContent === chatTitle,
  );
  if (!button) return Promise.reject(new Error(`No chat titled ${chatTitle} in the list`));
  const selector = `.message-list [data-message-id="${messageId}"]`;
  // No named inner functions: a bundler's keep-names helper (tsx) would not exist in the page.
  return new Promise((resolve) => {
    const startedAt = page.performance.now();
    const observer = new page.MutationObserver(() => {
      if (!page.document.querySelector(selector)) return;
      observer.disconnect();
      page.requestAnimationFrame(() => page.setTimeout(() => resolve(page.performance.now() - startedAt), 0));
    });
    observer.observe(page.document.body, { subtree: true, childList: true });
    button.click();
  });
}
