/**
 * External links (a Markdown link in a reply, `window.open`, a navigation away from the app) never
 * open silently: the window shows the full URL and asks first, then sends `links.open`, and main
 * checks the scheme and the machine policy again before the user's browser gets it.
 */

/** What `links.open` did: opened in the browser, or (offline policy) copied to the clipboard instead. */
export type LinkOpenResult = { action: 'opened' } | { action: 'copied'; reason: string };

/**
 * Links the user may open in their own browser (the browser's network, not ours). Only plain
 * http(s) with a host and no embedded credentials: never file:, javascript:, custom schemes or
 * `user:password@` URLs that disguise where they lead.
 */
export function isSafeExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  return parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
}
