import { isDigit } from './characters.js';
import { attachedBefore, consistentSeparators, type DigitGroup, readDigitGroups } from './separators.js';

/**
 * A payment card number starting at `start`: 13 to 19 digits starting with 2-6 (Mastercard, Visa,
 * Amex, Diners, JCB, Discover, UnionPay, Maestro: the ranges in use for payment cards), in one piece or
 * in groups of 3-6 digits with one kind of separator (4111 1111 1111 1111, 4111.1111.1111.1111,
 * 3782-822463-10005; "3456 123-00-4567" is two numbers side by side), passing the Luhn check, not inside
 * a longer number or code. Returns its end, or -1.
 */
export function creditCardAt(text: string, start: number): number {
  const first = text.charCodeAt(start);
  if (first < 50 || first > 54 || attachedBefore(text, start)) return -1;
  const groups = readDigitGroups(text, start, 19);
  // The longest reading first: "4111 1111 1111 1111 2024" reads 20 digits, and the card is the first 16.
  const readings: DigitGroup[][] = [];
  let digits = 0;
  for (let count = 1; count <= groups.length; count++) {
    const reading = groups.slice(0, count);
    digits += reading.at(-1)?.digits ?? 0;
    if (digits >= 13 && digits <= 19) readings.unshift(reading);
  }
  for (const reading of readings) {
    const end = reading.at(-1)?.end ?? start;
    if (writtenAsCard(reading) && consistentSeparators(reading) && !followedByCode(text, end) && passesLuhn(text.slice(start, end))) return end;
  }
  return -1;
}

/** In one piece, or every group 3-6 digits. */
function writtenAsCard(groups: readonly DigitGroup[]): boolean {
  return groups.length === 1 || groups.every(({ digits }) => digits >= 3 && digits <= 6);
}

/** A letter or "_" right after: part of a code, not a card. */
function followedByCode(text: string, end: number): boolean {
  const code = text.charCodeAt(end);
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
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
