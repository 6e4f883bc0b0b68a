import type { Emit } from './characters.js';

/** Words that announce a date of birth. */
const birthCue = /\b(?:dob|d\.o\.b\.?|date of birth|birth ?date|birthday|born)\b/gi;

const month = 'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
/**
 * A date shortly after the cue: up to 25 characters of other words first ("born in Leeds on"), no line
 * break, no digit (so the date found is the first one after the cue). Numeric dates may have a space
 * around their separators (in the normalised text every dash is "-"). Sticky: it is tried right at the
 * cue's end only.
 */
const dateAfterCue = new RegExp(
  String.raw`[^\d\n]{0,25}?(?<date>\d{4} ?[-/.] ?\d{1,2} ?[-/.] ?\d{1,2}|\d{1,2} ?[-/.] ?\d{1,2} ?[-/.] ?(?:\d{4}|\d{2})|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:${month})\.?,?\s+\d{4}|(?:${month})\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})(?!\d)`,
  'iy',
);

/**
 * Dates of birth: a date near a cue like "DOB", "date of birth" or "born". A date alone is not
 * personal data; one introduced as a birth date is. Only the date is reported, not the cue.
 */
export function detectDatesOfBirth(text: string, emit: Emit): void {
  birthCue.lastIndex = 0;
  for (let cue = birthCue.exec(text); cue !== null; cue = birthCue.exec(text)) {
    dateAfterCue.lastIndex = cue.index + cue[0].length;
    const found = dateAfterCue.exec(text);
    const date = found?.groups?.date;
    if (found === null || date === undefined || !plausibleDate(date)) continue;
    const end = found.index + found[0].length;
    emit('dateOfBirth', end - date.length, end);
    birthCue.lastIndex = end;
  }
}

/** Numeric dates need a month (or a day, for month-first dates) of 12 or less and a day of 31 or less. */
function plausibleDate(date: string): boolean {
  const numbers = date.split(/[-/.]/).map(Number);
  if (numbers.length !== 3 || numbers.some(Number.isNaN)) return true; // a date with a month name
  const [first, second, third] = numbers as [number, number, number];
  if (first > 31) return second <= 12 && third <= 31; // year first
  return first <= 31 && second <= 31 && Math.min(first, second) <= 12;
}
