/**
 * Whether the platform's command key is Cmd (macOS) rather than Ctrl. Read from the user agent
 * (Chromium's says "Macintosh" on macOS), as `navigator.platform` is deprecated.
 */
export const usesCommandKey = /Mac|iPhone|iPad/.test(navigator.userAgent);

/** "Ctrl" or "⌘", for shortcut labels. */
export const commandKeyLabel = usesCommandKey ? '⌘' : 'Ctrl';

/** Ctrl on Windows and Linux, Cmd on macOS, and not the other one (Ctrl+click stays a click on a Mac). */
export function hasCommandKey(event: KeyboardEvent): boolean {
  return usesCommandKey ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
}

/** Whether the key press is typing into a field, where single-key shortcuts ("?") must not fire. */
export function isTyping(event: KeyboardEvent): boolean {
  const target = event.target;
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

/** Whether a modal dialog is open: its own keys (Escape closes it) win over the window's shortcuts. */
export function dialogOpen(): boolean {
  return document.querySelector('[role="dialog"][data-state="open"], [role="alertdialog"][data-state="open"]') !== null;
}
