/** Data-loss prevention: find sensitive values in text before it leaves the machine. See README.md. */
export { actionFor, checkOutgoingTexts, summarizeFindings, type OutgoingCheck, type OutgoingFinding } from './checkOutgoing.js';
export {
  createStreamingRestorer,
  redactTexts,
  restorePlaceholders,
  type RedactedTexts,
  type Restorations,
  type StreamingRestorer,
} from './placeholders.js';
export { createDlpScanner, type DlpScanner, type DlpScanOptions } from './scanner.js';
