/**
 * Functions run inside the page with `page.evaluate` for replies.e2e.test.ts: self-contained, each
 * naming the little of the DOM it touches (the test project has no DOM types), as in pageProbes.ts.
 */
interface Rect {
  top: number;
  bottom: number;
  left: number;
  right: number;
  width: number;
  height: number;
}

interface ProbeNode {
  textContent: string | null;
  compareDocumentPosition(other: ProbeNode): number;
}

interface ProbeElement extends ProbeNode {
  parentElement: ProbeElement | null;
  closest(selector: string): ProbeElement | null;
  querySelector(selector: string): ProbeElement | null;
  getBoundingClientRect(): Rect;
  getAttribute(name: string): string | null;
}

interface CaretGlobals {
  document: {
    body: unknown;
    querySelector(selector: string): ProbeElement | null;
    createTreeWalker(root: ProbeElement, whatToShow: number): { nextNode(): ProbeNode | null };
    createRange(): { setStart(node: ProbeNode, offset: number): void; setEnd(node: ProbeNode, offset: number): void; getClientRects(): ArrayLike<Rect> };
    activeElement: ProbeElement | null;
  };
  getComputedStyle(element: ProbeElement): Record<string, string>;
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void; disconnect(): void };
  __caretSamples?: CaretSample[];
}

/** Where a streaming reply's caret was, once, against the last character of text before it. */
export interface CaretSample {
  /** The caret is inside a paragraph (or list item, cell, code), not loose in the reply's Markdown box. */
  inBlock: boolean;
  /** The caret's middle lies within the line box of that last character. */
  sameLine: boolean;
  caretTop: number;
  textTop: number;
  textBottom: number;
}

/**
 * Records, each time the page changes while a reply streams (up to 40 times), where its caret sits
 * relative to the last character written before it, for a test to read with `recordedCaretSamples`.
 */
export function recordCaretPlacement(): void {
  const page = globalThis as unknown as CaretGlobals;
  const samples: CaretSample[] = [];
  page.__caretSamples = samples;
  const showText = 4;
  const precedingNode = 2;
  new page.MutationObserver(() => {
    if (samples.length >= 40) return;
    const caret = page.document.querySelector('article[data-status="streaming"] .message-caret');
    const markdown = caret?.closest('.markdown');
    if (!caret || !markdown) return;
    let lastText: ProbeNode | null = null;
    const walker = page.document.createTreeWalker(markdown, showText);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (caret.compareDocumentPosition(node) & precedingNode && (node.textContent ?? '').trim() !== '') lastText = node;
    }
    if (!lastText) return;
    const end = (lastText.textContent ?? '').trimEnd().length;
    const range = page.document.createRange();
    range.setStart(lastText, end - 1);
    range.setEnd(lastText, end);
    const rects = range.getClientRects();
    const text = rects[rects.length - 1];
    if (!text) return;
    const box = caret.getBoundingClientRect();
    const middle = box.top + box.height / 2;
    samples.push({
      inBlock: caret.parentElement !== markdown,
      sameLine: middle >= text.top && middle <= text.bottom,
      caretTop: box.top,
      textTop: text.top,
      textBottom: text.bottom,
    });
  }).observe(page.document.body, { subtree: true, childList: true, characterData: true });
}

export function recordedCaretSamples(): CaretSample[] {
  return (globalThis as unknown as CaretGlobals).__caretSamples ?? [];
}

/** The focused element's message id, when the focus is on a message itself (an article of the feed). */
export function focusedMessageId(): string | null {
  return (globalThis as unknown as CaretGlobals).document.activeElement?.getAttribute('data-message-id') ?? null;
}

/** Computed opacity of an element, as a number. */
export function opacityOf(element: ProbeElement): number {
  return Number((globalThis as unknown as CaretGlobals).getComputedStyle(element).opacity);
}

/** Whether an element is laid out and not made invisible (so the keyboard can reach it). */
export function isRendered(element: ProbeElement): boolean {
  const style = (globalThis as unknown as CaretGlobals).getComputedStyle(element);
  return style.display !== 'none' && style.visibility === 'visible';
}

/** The element's outline (style and width) and its box, to see which box a ring goes round. */
export function ringOf(element: ProbeElement): { outline: string; width: number; left: number; right: number } {
  const style = (globalThis as unknown as CaretGlobals).getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return { outline: `${style.outlineStyle} ${style.outlineWidth}`, width: box.width, left: box.left, right: box.right };
}

/** The element's box. */
export function boxOf(element: ProbeElement): Rect {
  const { top, bottom, left, right, width, height } = element.getBoundingClientRect();
  return { top, bottom, left, right, width, height };
}
