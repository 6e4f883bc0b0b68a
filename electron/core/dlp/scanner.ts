import type { DlpFinding } from '../../shared/dlp.js';
import type { DlpDetector, DlpPolicy } from '../../shared/policy.js';
import type { Detect } from './detectors/characters.js';
import { detectDatesOfBirth } from './detectors/dateOfBirth.js';
import { detectEmails } from './detectors/email.js';
import { detectIbans } from './detectors/iban.js';
import { detectIpv6 } from './detectors/ipAddress.js';
import { detectNumbers } from './detectors/numbers.js';
import { customTermDetector } from './detectors/customTerms.js';
import { medicalRecordNumberDetector } from './detectors/policyPatterns.js';
import { normalizeForScan, normalizeValue } from './normalize.js';

/** The parts of the DLP policy the scanner needs: the organisation's own terms and patterns. */
export type DlpScanOptions = Partial<Pick<DlpPolicy, 'customTerms' | 'medicalRecordNumberPatterns'>>;

export interface DlpScanner {
  /**
   * Every finding in `text`, in order, overlapping ones merged into one span. Offsets are into `text`
   * itself, and cover the whole value as written (its zero-width characters, odd spaces and dashes too).
   */
  scan(text: string): DlpFinding[];
}

/**
 * When two findings overlap, the one listed first names the merged span: the organisation's own
 * terms and patterns, then the most specific built-in detectors, phone numbers (the loosest) last.
 */
const detectorPriority: readonly DlpDetector[] = [
  'customTerm',
  'medicalRecordNumber',
  'ssn',
  'creditCard',
  'iban',
  'email',
  'ipAddress',
  'dateOfBirth',
  'phone',
];

/**
 * Compiles the detectors once (custom terms and record-number patterns come from the policy), for
 * any number of scans. The detectors read the normalised view of the text (normalize.ts: digits of
 * every script as ASCII, any dash or space as "-" or " ", invisible characters removed, bracketed
 * "at" and "dot" as "@" and "."), and each finding is mapped back to the original span it came from.
 * Every regex pass over the text costs about the same whatever the regex, so there are few: one to
 * build the view, one for all number-shaped findings, one each for IBANs, birth-date cues, custom
 * terms and record numbers, and jumps between "@" and ":" characters for e-mail and IPv6 addresses.
 */
export function createDlpScanner(options: DlpScanOptions = {}): DlpScanner {
  const detectors: Detect[] = [detectNumbers, detectIbans, detectEmails, detectIpv6, detectDatesOfBirth];
  const terms = customTermDetector(options.customTerms ?? [], normalizeValue);
  if (terms) detectors.push(terms);
  const recordNumbers = medicalRecordNumberDetector(options.medicalRecordNumberPatterns ?? []);
  if (recordNumbers) detectors.push(recordNumbers);

  return {
    scan(text) {
      const view = normalizeForScan(text);
      const spans: Span[] = [];
      const emit = (detector: DlpDetector, start: number, end: number) => spans.push({ detector, ...view.originalSpan(start, end) });
      for (const detect of detectors) detect(view.text, emit);
      // Merged after mapping back: two findings in one original character (a ligature) must become one span.
      return mergeOverlaps(spans).map((span) => toFinding(text, span));
    },
  };
}

interface Span {
  detector: DlpDetector;
  start: number;
  end: number;
  alsoDetected?: DlpDetector[];
}

/**
 * Overlapping findings become one span covering both, so a redaction never leaves part of a value in
 * clear; the detectors merged in are kept, as their actions apply too (a custom term inside an e-mail
 * address still blocks if custom terms block).
 */
function mergeOverlaps(spans: Span[]): Span[] {
  spans.sort((a, b) => a.start - b.start || b.end - a.end || rank(a.detector) - rank(b.detector));
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (!last || span.start >= last.end) {
      merged.push({ ...span });
      continue;
    }
    const longer = span.end - span.start > last.end - last.start;
    const other = longer ? last.detector : span.detector;
    if (longer) last.detector = span.detector;
    last.end = Math.max(last.end, span.end);
    const also = new Set([...(last.alsoDetected ?? []), ...(span.alsoDetected ?? []), other]);
    also.delete(last.detector);
    if (also.size > 0) last.alsoDetected = [...also];
    else delete last.alsoDetected;
  }
  return merged;
}

function rank(detector: DlpDetector): number {
  return detectorPriority.indexOf(detector);
}

function toFinding(text: string, { detector, start, end, alsoDetected }: Span): DlpFinding {
  const finding: DlpFinding = { detector, start, end, text: text.slice(start, end) };
  if (alsoDetected) finding.alsoDetected = alsoDetected;
  return finding;
}
