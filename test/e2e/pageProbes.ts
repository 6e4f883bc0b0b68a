/**
 * Functions run inside the page with `page.evaluate`: Playwright sends their source, so each must
 * be self-contained (no references to anything else in this module). The test project has no DOM
 * types (it is a Node program), so each names the little of the DOM it touches.
 */
interface ProbeGlobals {
  document: { body: unknown; querySelector(selector: string): { textContent: string | null } | null };
  MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void };
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
