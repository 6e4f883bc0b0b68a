import type { DlpDetector } from '../../../shared/policy.js';
import { type Emit, isDigit } from './characters.js';
import { creditCardAt } from './creditCard.js';
import { ipv4At } from './ipAddress.js';
import { phoneAt } from './phone.js';
import { ssnAt } from './ssn.js';

/**
 * A run of digits with what numbers are written with: spaces, tabs and line breaks, dots, dashes,
 * slashes, parentheses, a leading "+" (in the normalised text, where every dash is "-" and every space
 * " "). Prose has few; every number-shaped finding lies inside one.
 */
const numericRun = /[+(]?\d[\d()./ \t\r\n-]*/g;

/** What a run is made of, to skip the detectors that cannot match in it (most, for most runs in prose). */
interface RunShape {
  digits: number;
  dots: number;
  plus: boolean;
}

interface NumberDetector {
  detector: DlpDetector;
  /** The end of a finding starting at `start`, or -1. */
  matchAt: (text: string, start: number) => number;
  /** Whether a run of this shape can hold a finding at all. */
  fits: (run: RunShape) => boolean;
}

/** Detectors that only ever match inside a numeric run, each tried where a number starts. */
const numberDetectors: readonly NumberDetector[] = [
  { detector: 'ssn', matchAt: ssnAt, fits: (run) => run.digits >= 9 },
  { detector: 'creditCard', matchAt: creditCardAt, fits: (run) => run.digits >= 13 },
  { detector: 'ipAddress', matchAt: ipv4At, fits: (run) => run.digits >= 4 && run.dots >= 3 },
  // 8 digits only with a country code (+49 30 12345); national numbers have 9 or more.
  { detector: 'phone', matchAt: phoneAt, fits: (run) => run.digits >= (run.plus ? 8 : 9) },
];

/**
 * SSNs, card numbers, IPv4 addresses and phone numbers in one pass. Rather than four regexes each
 * scanning the whole text, one finds the numeric runs; within a run that can hold a finding, each
 * detector that fits is tried where a number starts: at a digit after a non-digit, a "+" or a "(".
 */
export function detectNumbers(text: string, emit: Emit): void {
  numericRun.lastIndex = 0;
  for (let run = numericRun.exec(text); run !== null; run = numericRun.exec(text)) {
    const runStart = run.index;
    const runEnd = runStart + run[0].length;
    const shape = describeRun(text, runStart, runEnd);
    if (shape.digits < 8 && shape.dots < 3) continue;
    // The detectors that fit, each with where its last finding ended: a detector does not look inside its own finding.
    const candidates = numberDetectors.filter((candidate) => candidate.fits(shape)).map((candidate) => ({ ...candidate, coveredUntil: runStart }));
    if (candidates.length === 0) continue;
    for (let start = runStart; start < runEnd; start++) {
      const code = text.charCodeAt(start);
      if (!(code === 43 || code === 40 || (isDigit(code) && !isDigit(text.charCodeAt(start - 1))))) continue;
      for (const candidate of candidates) {
        if (start < candidate.coveredUntil) continue;
        const end = candidate.matchAt(text, start);
        if (end === -1) continue;
        emit(candidate.detector, start, end);
        candidate.coveredUntil = end;
      }
    }
  }
}

function describeRun(text: string, start: number, end: number): RunShape {
  let digits = 0;
  let dots = 0;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (isDigit(code)) digits++;
    else if (code === 46) dots++;
  }
  return { digits, dots, plus: text.charCodeAt(start) === 43 };
}
