/**
 * Functions run inside the page with `page.evaluate`: Playwright sends their source, so each must
 * be self-contained (no references to anything else in this module). The test project has no DOM
 * types (it is a Node program), so each names the little of the DOM it touches.
 */
interface ProbeElement {
  textContent: string | null;
  click(): void;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): Iterable<ProbeElement>;
}

interface ProbeGlobals {
  document: {
    body: unknown;
    querySelector(selector: string): ProbeElement | null;
    querySelectorAll(selector: string): Iterable<ProbeElement>;
    activeElement: ProbeElement | null;
  };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void; disconnect(): void };
  enclave: Record<string, unknown>;
  __replyLengths?: number[];
}

/**
 * Records the length of the streaming reply's text each time the DOM changes, so a test can see a
 * reply grow in steps rather than appear whole, however fast the model is.
 */
export function recordStreamingReplyLengths(): void {
  const page = globalThis as unknown as ProbeGlobals;
  const lengths: number[] = [];
  page.__replyLengths = lengths;
  new page.MutationObserver(() => {
    const reply = page.document.querySelector('article[data-status="streaming"] .markdown');
    const length = reply?.textContent?.length ?? 0;
    if (length > 0 && length !== lengths.at(-1)) lengths.push(length);
  }).observe(page.document.body, { subtree: true, childList: true, characterData: true });
}

/**
 * Clicks the composer's Stop button the moment the first streamed text appears, and resolves with
 * the length of the text shown then. The generated test model writes about a thousand tokens a
 * second, faster than a scripted pointer reacts, so the click comes from inside the page; it is
 * still a click on the real button, through its real handler.
 */
export function stopOnFirstStreamedText(): Promise<number> {
  const page = globalThis as unknown as ProbeGlobals;
  return new Promise((resolve) => {
    const observer = new page.MutationObserver(() => {
      const shown = page.document.querySelector('article[data-status="streaming"] .markdown')?.textContent?.length ?? 0;
      const stop = [...page.document.querySelectorAll('.composer button')].find((button) => button.textContent?.trim() === 'Stop');
      if (shown === 0 || !stop) return;
      observer.disconnect();
      stop.click();
      resolve(shown);
    });
    observer.observe(page.document.body, { subtree: true, childList: true, characterData: true });
  });
}

/**
 * Clicks the composer's Stop button the moment a reply shows one of the given states of its life
 * (`queued`, `loading`: before any text), from inside the page for the same reason as above. Resolves
 * with the reply's text length then (0 for those states). A state can pass without ever being drawn
 * (React draws `loading` straight away when both changes land in one frame, as on a busy machine):
 * name every state that will do.
 */
export function stopWhenReplyIs(phases: readonly string[]): Promise<number> {
  const page = globalThis as unknown as ProbeGlobals;
  const selector = phases.map((phase) => `article[data-reply-state="${phase}"]`).join(', ');
  return new Promise((resolve) => {
    const observer = new page.MutationObserver(() => {
      const reply = page.document.querySelector(selector);
      const stop = [...page.document.querySelectorAll('.composer button')].find((button) => button.textContent?.trim() === 'Stop');
      if (!reply || !stop) return;
      observer.disconnect();
      stop.click();
      resolve(page.document.querySelector(phases.map((phase) => `article[data-reply-state="${phase}"] .markdown`).join(', '))?.textContent?.length ?? 0);
    });
    observer.observe(page.document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

/** The accessible name of the focused element, roughly: its aria-label, else its text. */
export function focusedElementName(): string | null {
  const element = (globalThis as unknown as ProbeGlobals).document.activeElement;
  return element?.getAttribute('aria-label') ?? element?.textContent ?? null;
}

export function recordedReplyLengths(): number[] {
  return (globalThis as unknown as ProbeGlobals).__replyLengths ?? [];
}

/**
 * The shape of an API object as sorted `group.function` paths. Run in the page it reads
 * `window.enclave`; run in Node it takes the object to compare with.
 */
export function apiShape(api: Record<string, unknown> = (globalThis as unknown as ProbeGlobals).enclave): string[] {
  const shape: string[] = [];
  for (const [key, value] of Object.entries(api)) {
    if (typeof value === 'function') shape.push(key);
    else for (const [nested, inner] of Object.entries(value as object)) shape.push(`${key}.${nested}:${typeof inner}`);
  }
  return shape.sort();
}

/**
 * Drops files named `fileNames` on the element matching `selector`, as a drag from the file manager
 * would: dragenter, dragover, drop, each carrying a DataTransfer with File objects. The Files hold
 * a few placeholder bytes; the app reads only their names' paths (the bridge's pathForFile map).
 */
export function dropFilesOn([selector, fileNames]: readonly [string, readonly string[]]): void {
  const page = globalThis as unknown as {
    document: { querySelector(selector: string): { dispatchEvent(event: unknown): boolean } | null };
    DataTransfer: new () => { items: { add(file: unknown): void } };
    File: new (parts: string[], name: string) => unknown;
    DragEvent: new (type: string, init: object) => unknown;
  };
  const target = page.document.querySelector(selector);
  if (!target) throw new Error(`Nothing matches ${selector}`);
  const transfer = new page.DataTransfer();
  for (const name of fileNames) transfer.items.add(new page.File(['placeholder'], name));
  for (const type of ['dragenter', 'dragover', 'drop']) {
    target.dispatchEvent(new page.DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
  }
}

/** For `evaluateAll`: where each element loads from, its `src` or else its `href` (scripts, stylesheets). */
export function assetSources(elements: ProbeElement[]): (string | null)[] {
  return elements.map((element) => element.getAttribute('src') ?? element.getAttribute('href'));
}

/** For `evaluateAll` on `<optgroup>`s: each group's label and the text of its options, in order. */
export function optionGroups(groups: ProbeElement[]): [string | null, (string | null)[]][] {
  return groups.map((group) => [group.getAttribute('label'), [...group.querySelectorAll('option')].map((option) => option.textContent)]);
}

/** The focused element's text, its id, and the id of the Settings section holding it. */
export function focusedElementPlace(): { text: string | null; id: string | null; sectionId: string | null } {
  const element = (globalThis as unknown as {
    document: { activeElement: { textContent: string | null; id: string; closest(selector: string): { id: string } | null } | null };
  }).document.activeElement;
  return { text: element?.textContent ?? null, id: element?.id || null, sectionId: element?.closest('section.settings-section')?.id ?? null };
}

/** For `evaluate` on an element: whether it is the focused one. */
export function isFocused(element: unknown): boolean {
  return element === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement;
}

/** Whether the whole page scrolls sideways (its content is wider than the window). */
export function pageScrollsSideways(): boolean {
  const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
  return root.scrollWidth > root.clientWidth;
}
