/**
 * What the DLP scanner reports, as values that can cross IPC: the findings for a confirm step (shown
 * only on this machine) and a summary without any sensitive value, for the audit record.
 */
import type { DlpAction, DlpDetector } from './policy.js';

export interface DlpFinding {
  detector: DlpDetector;
  /** Offset of the first character, in UTF-16 code units. */
  start: number;
  /** Offset just past the last character. */
  end: number;
  /** The matched text itself: sensitive, never for logs or the audit record. */
  text: string;
  /** Other detectors whose findings overlapped this one and were merged into it (their actions count too). */
  alsoDetected?: DlpDetector[];
}

/** Counts only: safe to store and to show in an audit record. */
export interface DlpSummary {
  total: number;
  byDetector: Partial<Record<DlpDetector, number>>;
  byAction: Partial<Record<DlpAction, number>>;
}
