import type { Page } from 'playwright-core';

/**
 * The window takes a new size, and the app has caught up with it: a width the window crosses moves
 * panes on the app's media-query listeners, which run at the next frame, not within the resize call.
 */
export async function resizeWindow(page: Page, viewport: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(viewport);
  // Two frames: the first reports the media-query change, the second is drawn with React's update.
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
}
