/**
 * What the DLP scanner reports, as values that can cross IPC: the findings for a confirm step (shown
 * only on this machine) and a summary without any sensitive value, for the audit record.
 */
import { z } from 'zod';
import { type DlpDetector, dlpActions, dlpDetectors } from './policy.js';

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

const count = z.number().int().nonnegative();

/** Counts only: safe to store (as JSON, in the request log) and to show in an audit record. */
export const dlpSummarySchema = z.object({
  total: count,
  byDetector: z.partialRecord(z.enum(dlpDetectors), count),
  byAction: z.partialRecord(z.enum(dlpActions), count),
});
export type DlpSummary = z.infer<typeof dlpSummarySchema>;
