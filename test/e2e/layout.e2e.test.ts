/**
 * The window's layout as a user meets it in a small window (900x700) and on a laptop (1280x720), in
 * light and dark: every view the sidebar reaches fits the window (nothing runs off its right edge,
 * nothing is clipped inside a box that is not meant to scroll sideways), every view's header is one
 * height, the details pane is a sheet below 1200 px and the sidebar a rail of icons below 1000 px,
 * each with a keyboard toggle that has a name, and axe finds nothing. Screenshots of each view go to
 * test-results/e2e/layout-*.png. The real core behind it; the chat's messages are stored directly.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMessage } from '../../electron/core/chat/store/messages.js';
import { accessibilityViolations } from './accessibility.js';
import type { EnclaveHarness } from './bridge.js';
import { useEnclaveWindow } from './enclaveWindow.js';
import { resizeWindow } from './viewport.js';

const viewports = [
  { width: 900, height: 700 },
  { width: 1280, height: 720 },
] as const;
const sections = ['Documents', 'Assistants', 'Models', 'Usage', 'Audit trail', 'Settings'] as const;
const chatTitle = 'Moving the Lisbon office: budget, timeline and who does what';

const app = useEnclaveWindow({ withModel: true });
let enclave: EnclaveHarness;
let page: Page;
let scratch: string;

beforeAll(async () => {
  ({ enclave, page } = app);
  // A collection with a document, so that Documents shows its table (the widest thing in the app).
  scratch = await mkdtemp(path.join(os.tmpdir(), 'enclave-e2e-layout-'));
  const notes = path.join(scratch, 'lisbon-office-move-budget-and-timeline.md');
  await writeFile(notes, '# The move\n\nThe budget is agreed with finance in March; the move is in the first week of June.\n');
  await sectionsNav().getByRole('button', { name: 'Documents', exact: true }).click();
  await page.getByRole('textbox', { name: 'New collection name' }).fill('Office move');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.getByRole('heading', { level: 2, name: 'Office move' }).waitFor();
  enclave.setPickedDocumentFiles([notes]);
  await page.getByRole('button', { name: 'Add files…' }).click();
  await page.getByRole('table', { name: 'Documents in Office move' }).getByText('Ready').waitFor({ timeout: 30_000 });
  const { handlers, db } = enclave.core;
  const chat = await handlers['chats.create']({ title: chatTitle });
  insertMessage(db!, { chatId: chat.id, role: 'user', content: 'What should we settle first for the move?', status: 'complete' });
  insertMessage(db!, {
    chatId: chat.id,
    role: 'assistant',
    content:
      'Settle the **budget** first: it decides the timeline.\n\n1. Agree on the budget with finance.\n2. Pick the moving week.\n3. Name one owner for each task, and a date for each.',
    status: 'complete',
  });
  await page.reload();
  await page.getByRole('heading', { level: 1, name: chatTitle }).waitFor();
});

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const sectionsNav = () => page.getByRole('navigation', { name: 'Sections' });
const sidebar = () => page.getByRole('complementary', { name: 'Sidebar' });
const details = () => page.locator('#details-pane');
const detailsToggle = () => page.getByRole('button', { name: /^(Show|Hide) details$/ });

/** Back to the conversation: the chat in the list, or the rail's "Chats" when the sidebar is collapsed. */
async function openChat(): Promise<void> {
  const listed = page.getByRole('navigation', { name: 'Chats' }).getByRole('listitem').getByRole('button', { name: chatTitle, exact: true });
  if (await listed.isVisible()) await listed.click();
  else await sectionsNav().getByRole('button', { name: 'Chats', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: chatTitle }).waitFor();
}

async function openView(name: (typeof sections)[number] | 'Chat'): Promise<void> {
  if (name === 'Chat') return openChat();
  await sectionsNav().getByRole('button', { name, exact: true }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

const resize = (viewport: { width: number; height: number }) => resizeWindow(page, viewport);

async function width(locator: Locator): Promise<number> {
  return (await locator.boundingBox())?.width ?? 0;
}

describe('the layout of every view', () => {
  for (const viewport of viewports) {
    const size = `${viewport.width}x${viewport.height}`;
    it(`fits a ${size} window in every view, one header height, no axe violations, light and dark`, async () => {
      await resize(viewport);
      const headerHeights = new Map<string, number[]>();
      for (const view of ['Chat', ...sections] as const) {
        await openView(view);
        // Let the view's data arrive (a list, the hardware) before measuring it.
        await page.waitForTimeout(300);
        for (const colorScheme of ['light', 'dark'] as const) {
          await enclave.screenshot(page, `layout-${view.toLowerCase().replace(/ /g, '-')}-${size}`, colorScheme);
          expect(await page.evaluate(layoutProblems), `${view} at ${size}, ${colorScheme}`).toEqual([]);
          expect(await accessibilityViolations(page), `${view} at ${size}, ${colorScheme}`).toEqual([]);
        }
        headerHeights.set(view, await page.evaluate(visibleHeaderHeights));
      }
      await page.emulateMedia({ colorScheme: 'light' });
      // One header in each view, all of one height: the design's --header-height.
      for (const [view, heights] of headerHeights) expect(heights, view).toHaveLength(1);
      expect(new Set([...headerHeights.values()].flat())).toEqual(new Set([56]));
    });
  }

  it('gives the chat title its room before the pickers get theirs', async () => {
    await resize({ width: 1440, height: 900 });
    await openChat();
    const title = page.getByRole('heading', { level: 1, name: chatTitle });
    // A laptop screen shows the whole title; the pickers beside it shrink first.
    expect(await title.evaluate(isTruncated)).toBe(false);
    await resize({ width: 900, height: 700 });
    // A small window: still most of the header's width, with the tools in one row beside it.
    const header = page.locator('.conversation-header');
    expect(await width(title)).toBeGreaterThan(0.4 * (await width(header)));
    expect(await page.evaluate(layoutProblems)).toEqual([]);
  });
});

describe('the details pane', () => {
  it('is a column beside the conversation from 1200 px, remembered open or closed', async () => {
    await resize({ width: 1280, height: 720 });
    await openChat();
    expect(await details().isVisible()).toBe(true);
    const conversation = await width(page.locator('.pane-conversation'));
    expect(conversation + (await width(details())) + (await width(sidebar()))).toBeCloseTo(1280, 0);
    await resize({ width: 1200, height: 720 });
    expect(await details().isVisible()).toBe(true);
  });

  it('is collapsed below 1200 px and opens by keyboard as a sheet over the conversation, Escape closing it', async () => {
    await resize({ width: 1199, height: 720 });
    expect(await details().isVisible()).toBe(false);
    await resize({ width: 900, height: 700 });
    await openChat();
    expect(await details().isVisible()).toBe(false);
    const conversation = await width(page.locator('.pane-conversation'));
    const toggle = detailsToggle();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    await details().waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    // Over the conversation, which keeps its width; focus moves into the sheet.
    expect(await width(page.locator('.pane-conversation'))).toBe(conversation);
    const sheet = await details().boundingBox();
    expect(sheet!.x + sheet!.width).toBeCloseTo(900, 0);
    expect(await page.evaluate(focusedName)).toBe('Close details');
    expect(await page.getByRole('complementary', { name: 'Details' }).textContent()).toContain('Enclave Tiny Chat (generated)');
    await enclave.screenshot(page, 'layout-details-sheet-900x700', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);
    await enclave.screenshot(page, 'layout-details-sheet-900x700', 'dark');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });

    await page.keyboard.press('Escape');
    await details().waitFor({ state: 'hidden' });
    expect(await page.evaluate(focusedName)).toMatch(/Show details/);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  });
});

describe('the sidebar', () => {
  it('is a rail of icons below 1000 px, widened and narrowed again by a keyboard toggle, remembered', async () => {
    await resize({ width: 1000, height: 700 });
    expect(await width(sidebar())).toBe(260);
    await resize({ width: 999, height: 700 });
    expect(await width(sidebar())).toBe(60);
    await resize({ width: 900, height: 700 });
    // The rail keeps every section by name (icons, with the name for screen readers and as a tooltip).
    for (const name of ['Chats', ...sections]) {
      const item = sectionsNav().getByRole('button', { name, exact: true });
      expect(await item.isVisible(), name).toBe(true);
      expect(await item.getAttribute('title')).toBe(name);
    }
    expect(await page.getByRole('button', { name: 'New chat', exact: true }).isVisible()).toBe(true);

    const toggle = page.getByRole('button', { name: 'Expand the sidebar' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.focus();
    await page.keyboard.press('Enter');
    const collapse = page.getByRole('button', { name: 'Collapse the sidebar' });
    expect(await collapse.getAttribute('aria-expanded')).toBe('true');
    expect(await width(sidebar())).toBe(260);
    expect(await page.getByRole('navigation', { name: 'Chats' }).getByRole('button', { name: chatTitle, exact: true }).isVisible()).toBe(true);
    expect(await page.evaluate(layoutProblems)).toEqual([]);
    await enclave.screenshot(page, 'layout-sidebar-open-900x700', 'light');
    expect(await accessibilityViolations(page)).toEqual([]);

    // Remembered for windows this narrow, and only for them.
    await page.reload();
    await collapse.waitFor();
    expect(await width(sidebar())).toBe(260);
    await resize({ width: 1280, height: 720 });
    expect(await width(sidebar())).toBe(260);
    await resize({ width: 900, height: 700 });
    await collapse.focus();
    await page.keyboard.press('Enter');
    expect(await width(sidebar())).toBe(60);
    expect(await page.evaluate(focusedName)).toBe('Expand the sidebar');
    await page.reload();
    await toggle.waitFor();
    expect(await width(sidebar())).toBe(60);
  });
});

/** The little of the DOM the page-side functions below touch (the test project has no DOM types). */
interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
  width: number;
  height: number;
}
interface LayoutElement {
  tagName: string;
  id: string;
  className: unknown;
  scrollWidth: number;
  clientWidth: number;
  textContent: string | null;
  getBoundingClientRect(): Box;
  checkVisibility(options?: object): boolean;
  closest(selector: string): LayoutElement | null;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): Iterable<LayoutElement>;
}
interface LayoutGlobals {
  innerWidth: number;
  innerHeight: number;
  document: {
    documentElement: LayoutElement & { scrollHeight: number };
    querySelectorAll(selector: string): Iterable<LayoutElement>;
    activeElement: LayoutElement | null;
  };
  getComputedStyle(element: LayoutElement): { overflowX: string; textOverflow: string; position: string; clip: string };
}

/**
 * In the page: what does not fit. The window itself never scrolls; no visible element runs off its
 * left or right edge; no box that clips or scrolls is wider inside than it shows, unless it is meant
 * to scroll sideways (a table's scroller, code) or to end its text in an ellipsis; nothing spills out
 * of a view's header.
 */
function layoutProblems(): string[] {
  const page = globalThis as unknown as LayoutGlobals;
  const problems: string[] = [];
  const root = page.document.documentElement;
  const describe = (element: LayoutElement) => {
    const classes = typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/).join('.')}` : '';
    const text = (element.textContent ?? '').trim().slice(0, 40);
    return `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${classes} "${text}"`;
  };
  if (root.scrollWidth > page.innerWidth) problems.push(`the window scrolls sideways: ${root.scrollWidth} > ${page.innerWidth}`);
  if (root.scrollHeight > page.innerHeight) problems.push(`the window scrolls down: ${root.scrollHeight} > ${page.innerHeight}`);
  const meantToScroll = '.table-scroll, pre, code, textarea, select, input';
  for (const element of page.document.querySelectorAll('body *')) {
    if (!element.checkVisibility({ visibilityProperty: true, opacityProperty: false })) continue;
    const box = element.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue; // visually hidden text for screen readers
    const style = page.getComputedStyle(element);
    if (style.clip !== 'auto' && style.position === 'absolute') continue;
    if ((box.right > page.innerWidth + 0.5 || box.left < -0.5) && !element.closest('.table-scroll')) {
      problems.push(`runs off the window (${Math.round(box.left)}–${Math.round(box.right)}): ${describe(element)}`);
    }
    if (style.overflowX === 'visible' || style.textOverflow === 'ellipsis' || element.closest(meantToScroll)) continue;
    if (element.scrollWidth > element.clientWidth + 1) {
      problems.push(`cut off on the right (${element.scrollWidth} > ${element.clientWidth}): ${describe(element)}`);
    }
  }
  // A header is one row: nothing in it may spill out of it (a second line of buttons, say).
  for (const header of page.document.querySelectorAll('.pane header.view-header')) {
    if (!header.checkVisibility()) continue;
    const outer = header.getBoundingClientRect();
    for (const element of header.querySelectorAll('*')) {
      const box = element.getBoundingClientRect();
      if (!element.checkVisibility() || box.width <= 1 || box.height <= 1) continue;
      if (box.top < outer.top - 0.5 || box.bottom > outer.bottom + 0.5 || box.left < outer.left - 0.5 || box.right > outer.right + 0.5) {
        problems.push(`spills out of its header: ${describe(element)}`);
      }
    }
  }
  return [...new Set(problems)].slice(0, 20);
}

/** In the page: the height of each view header shown (the conversation's or a section's). */
function visibleHeaderHeights(): number[] {
  const page = globalThis as unknown as LayoutGlobals;
  return [...page.document.querySelectorAll('.pane header.view-header')]
    .filter((header) => header.checkVisibility())
    .map((header) => Math.round(header.getBoundingClientRect().height * 100) / 100);
}

/** In the page: whether an element's text is cut (an ellipsis, or wider than its box). */
function isTruncated(element: unknown): boolean {
  const node = element as LayoutElement;
  return node.scrollWidth > node.clientWidth;
}

/** In the page: the accessible name of the focused element, as its label or text says it. */
function focusedName(): string {
  const page = globalThis as unknown as LayoutGlobals;
  const focused = page.document.activeElement;
  return (focused?.getAttribute('aria-label') ?? focused?.textContent ?? '').trim();
}
