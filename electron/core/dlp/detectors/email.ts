import { type Emit, isAsciiLetter, isDigit } from './characters.js';

/** `a-z A-Z 0-9 . _ % + -`: the local-part characters people actually use (RFC 5322's "atext" minus the rare ones). */
function isLocalPartCharacter(code: number): boolean {
  return isAsciiLetter(code) || isDigit(code) || code === 46 || code === 95 || code === 37 || code === 43 || code === 45;
}

function isDomainCharacter(code: number): boolean {
  return isAsciiLetter(code) || isDigit(code) || code === 46 || code === 45;
}

/**
 * E-mail addresses. Rather than a regex that would start a match at every letter of the text, this
 * jumps from "@" to "@" and reads outwards: the local part to the left, the domain to the right
 * (labels separated by dots, a top-level domain of two or more letters).
 */
export function detectEmails(text: string, emit: Emit): void {
  let at = text.indexOf('@');
  while (at !== -1) {
    const address = addressAround(text, at);
    if (address === null) {
      at = text.indexOf('@', at + 1);
      continue;
    }
    emit('email', address.start, address.end);
    at = text.indexOf('@', address.end);
  }
}

/** The address whose "@" is at `at`, or null. */
function addressAround(text: string, at: number): { start: number; end: number } | null {
  let start = at;
  // Neither walk crosses another "@", so every character is read at most twice in all: linear time.
  while (start > 0 && isLocalPartCharacter(text.charCodeAt(start - 1))) start--;
  while (start < at && text.charCodeAt(start) === 46) start++; // a local part does not start with a dot
  if (start === at || text.charCodeAt(at - 1) === 46) return null;

  let end = at + 1;
  while (end < text.length && isDomainCharacter(text.charCodeAt(end))) end++;
  // The sentence's full stop or a dash after the address is not part of it.
  while (end > at + 1 && (text.charCodeAt(end - 1) === 46 || text.charCodeAt(end - 1) === 45)) end--;
  const domain = text.slice(at + 1, end);
  const labels = domain.split('.');
  if (labels.length < 2 || labels.some((label) => label.length === 0 || label.length > 63 || label.startsWith('-'))) return null;
  const topLevel = labels.at(-1) ?? '';
  if (topLevel.length < 2 || !/^[A-Za-z]+$/.test(topLevel)) return null;
  return { start, end };
}
