import { type Emit, isAsciiLetter, isDigit } from './characters.js';
import { separatorAt } from './separators.js';

/** IBAN length per country (SWIFT's IBAN registry). */
const ibanLengths: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22,
  GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30,
  KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20,
  MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22,
  RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

/** Country code and check digits; the rest is read by hand, as its length depends on the country. */
const ibanStart = /[A-Z]{2}\d{2}/g;

/**
 * IBANs in capitals, written together or in groups (DE89 3704 0044 0532 0130 00, with any one kind of
 * separator): the country's exact length, then the ISO 7064 mod-97 check.
 */
export function detectIbans(text: string, emit: Emit): void {
  ibanStart.lastIndex = 0;
  for (let match = ibanStart.exec(text); match !== null; match = ibanStart.exec(text)) {
    const start = match.index;
    const length = ibanLengths[match[0].slice(0, 2)];
    const end = length === undefined || isAlphanumeric(text.charCodeAt(start - 1)) ? -1 : readIban(text, start, length);
    if (end !== -1) {
      emit('iban', start, end);
      ibanStart.lastIndex = end;
    } else {
      ibanStart.lastIndex = start + 1;
    }
  }
}

/**
 * Reads `length` capitals and digits from `start`, with one kind of separator allowed between them after
 * the first four (spaces, dashes, dots, a line break); -1 unless it is a valid IBAN.
 */
function readIban(text: string, start: number, length: number): number {
  let compact = '';
  let index = start;
  let kind: string | null = null;
  let lineBreaks = 0;
  while (compact.length < length && index < text.length) {
    const code = text.charCodeAt(index);
    if (isDigit(code) || (code >= 65 && code <= 90)) {
      compact += text.charAt(index);
      index++;
      continue;
    }
    const separator = compact.length >= 4 ? separatorAt(text, index) : null;
    if (separator === null || !isAlphanumeric(text.charCodeAt(separator.end)) || (kind !== null && separator.kind !== kind)) break;
    kind = separator.kind;
    if (separator.lineBreak) lineBreaks++;
    index = separator.end;
  }
  if (compact.length !== length || lineBreaks > 1 || isAlphanumeric(text.charCodeAt(index))) return -1;
  return hasValidIbanChecksum(compact) ? index : -1;
}

function isAlphanumeric(code: number): boolean {
  return isDigit(code) || isAsciiLetter(code);
}

/** ISO 7064 mod 97-10: the first four characters moved to the end, letters as 10-35, the number mod 97 is 1. */
export function hasValidIbanChecksum(compact: string): boolean {
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (let index = 0; index < rearranged.length; index++) {
    const code = rearranged.charCodeAt(index);
    if (isDigit(code)) remainder = (remainder * 10 + (code - 48)) % 97;
    else if (code >= 65 && code <= 90) remainder = (remainder * 100 + (code - 55)) % 97;
    else return false;
  }
  return remainder === 1;
}
