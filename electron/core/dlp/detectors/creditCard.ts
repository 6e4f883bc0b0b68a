import { isDigit } from './characters.js';

/**
 * 13 to 19 digits, single spaces or dashes allowed between them, starting with 2-6 (Mastercard,
 * Visa, Amex, Diners, JCB, Discover, UnionPay, Maestro: the ranges in use for payment cards).
 */
const cardCandidate = /[2-6]\d{3}(?:[ -]?\d){9,15}/y;

/**
 * A payment card number starting at `start` that passes the Luhn check, not inside a longer run of
 * digits. Returns its end, or -1.
 */
export function creditCardAt(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first < 50 || first > 54 || isDigit(text.charCodeAt(start - 1))) return -1; // starts with 2-6, not inside a number
  cardCandidate.lastIndex = start;
  const match = cardCandidate.exec(text);
  if (!match) return -1;
  // The regex is greedy: "4111 1111 1111 1111 2024" first reads 19 digits; try the shorter prefixes too.
  for (let end = start + match[0].length; end - start >= 13; end = previousDigitEnd(text, start, end)) {
    const candidate = text.slice(start, end);
    if (!isDigit(text.charCodeAt(end)) && writtenAsCard(candidate) && passesLuhn(candidate)) return end;
  }
  return -1;
}

/**
 * Cards are written in one piece or in groups of 3-6 digits with one kind of separator
 * (4111 1111 1111 1111, 3782-822463-10005); "3456 123-00-4567" is two numbers side by side.
 */
function writtenAsCard(candidate: string): boolean {
  const separators = candidate.match(/[ -]/g);
  if (!separators) return true;
  if (separators.some((separator) => separator !== separators[0])) return false;
  return candidate.split(separators[0]!).every((group) => group.length >= 3 && group.length <= 6);
}

/** The end of the candidate one digit shorter (dropping a separator before that digit too). */
function previousDigitEnd(text: string, start: number, end: number): number {
  let shorter = end - 1;
  while (shorter > start && !isDigit(text.charCodeAt(shorter - 1))) shorter--;
  return shorter;
}

/** The Luhn checksum over the digits of `candidate` (separators ignored), as card issuers compute it. */
export function passesLuhn(candidate: string): boolean {
  let sum = 0;
  let digits = 0;
  for (let index = candidate.length - 1; index >= 0; index--) {
    const code = candidate.charCodeAt(index);
    if (!isDigit(code)) continue;
    let digit = code - 48;
    if (digits % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    digits++;
  }
  return digits >= 13 && digits <= 19 && sum % 10 === 0;
}
