import { type Emit, isDigit, isHexDigit, wordCharacterAt, wordCharacterBefore } from './characters.js';

const ipv4Candidate = /(?:\d{1,3}\.){3}\d{1,3}/y;

/**
 * An IPv4 address starting at `start`: a dotted quad with every part 0-255, not inside a longer
 * dotted number (a version like 1.2.3.4.5), and not a number written like one: a version joined to a
 * name ("novas-3.1.1.3") or after a version operator ("==3.1.1.3", ">=1.2.0.0"), a section or release
 * number after its word ("Section 6.2.4.3", "version 1.2.0.4") or heading a line ("6.2.4.1. Exim").
 * Returns its end, or -1.
 */
export function ipv4At(text: string, start: number): number {
  const firstDot = text.indexOf('.', start);
  if (firstDot === -1 || firstDot > start + 3) return -1; // cheaper than the regex, and rules out most numbers
  ipv4Candidate.lastIndex = start;
  const match = ipv4Candidate.exec(text);
  if (!match) return -1;
  const end = start + match[0].length;
  const before = text.charCodeAt(start - 1);
  const insideNumber = wordCharacterBefore(text, start) || (before === 46 && isDigit(text.charCodeAt(start - 2)));
  const continues = wordCharacterAt(text, end) || (text.charCodeAt(end) === 46 && isDigit(text.charCodeAt(end + 1)));
  if (insideNumber || continues || !isIpv4(match[0])) return -1;
  const version =
    (before === 45 && wordCharacterBefore(text, start - 1)) ||
    versionOperatorBefore.test(text.slice(Math.max(0, start - 3), start)) ||
    numberingCueBefore.test(text.slice(Math.max(0, start - 12), start)) ||
    numberedHeading(text, start, end);
  return version ? -1 : end;
}

/** "==", ">=", "<=", "~=", "!=" right before: a version requirement (pip, Debian dependencies). */
const versionOperatorBefore = /[=<>~!]= ?$/;
/** A numbered heading: at the start of a line, then a full stop and a blank ("6.2.4.1. The configuration of exim4"). */
function numberedHeading(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(end) !== 46 || !isBlankOrEnd(text, end + 1)) return false;
  let index = start;
  while (index > 0 && (text.charCodeAt(index - 1) === 32 || text.charCodeAt(index - 1) === 9)) index--;
  return index === 0 || text.charCodeAt(index - 1) === 10;
}

function isBlankOrEnd(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  return index >= text.length || code === 32 || code === 9 || code === 10 || code === 13;
}

/** A word that numbers a part of a document or a release: "Section 6.2.4.3", "version 1.2.0.4". */
const numberingCueBefore = /\b(?:sections?|chapters?|figure|fig\.|table|appendix|part|version|release|ver\.|§)\s*$/i;

export function isIpv4(candidate: string): boolean {
  const parts = candidate.split('.');
  return parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
}

function isIpv6Character(code: number): boolean {
  return isHexDigit(code) || code === 58; // ':'
}

/**
 * IPv6 addresses (compressed "::" forms and a trailing IPv4 part included). Jumps from ":" to ":",
 * reads the run of hex digits, colons and dots around it, and parses that run; times (12:30:45) and
 * MAC addresses (six groups, no "::") do not parse as IPv6.
 */
export function detectIpv6(text: string, emit: Emit): void {
  let colon = text.indexOf(':');
  while (colon !== -1) {
    let start = colon;
    while (start > 0 && isIpv6Character(text.charCodeAt(start - 1))) start--;
    if (text.charCodeAt(start) === 58 && text.charCodeAt(start + 1) !== 58) start++; // "host:fe80::1" starts after the ":"
    let end = colon + 1;
    while (end < text.length && (isIpv6Character(text.charCodeAt(end)) || text.charCodeAt(end) === 46)) end++;
    while (end > colon + 1 && text.charCodeAt(end - 1) === 46) end--; // a full stop after the address
    if (text.charCodeAt(end - 1) === 58 && text.charCodeAt(end - 2) !== 58) end--; // "fe80::1:" in "fe80::1: up"
    if (!wordCharacterBefore(text, start) && !wordCharacterAt(text, end) && isIpv6(text.slice(start, end))) emit('ipAddress', start, end);
    colon = text.indexOf(':', Math.max(end, colon + 1));
  }
}

export function isIpv6(candidate: string): boolean {
  if (candidate.length < 3 || !/[0-9A-Fa-f]/.test(candidate)) return false;
  let address = candidate;
  const lastColon = address.lastIndexOf(':');
  const tail = address.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!isIpv4(tail)) return false;
    address = `${address.slice(0, lastColon + 1)}0:0`; // an IPv4 tail counts as two groups
  }
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  if (groups.some((list) => list.some((group) => !/^[0-9A-Fa-f]{1,4}$/.test(group)))) return false;
  const count = groups.reduce((total, list) => total + list.length, 0);
  // "word::" ends a reStructuredText paragraph and "std::" names a namespace: an address that ends in
  // "::" has at least two groups first (2001:db8::).
  if (halves.length === 2 && halves[1] === '' && count < 2) return false;
  return halves.length === 2 ? count <= 7 : count === 8;
}
