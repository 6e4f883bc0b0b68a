import type { DlpFinding, DlpSummary } from '../../shared/dlp.js';
import { type DlpAction, dlpActions, type DlpDetector, dlpDetectors, type DlpPolicy } from '../../shared/policy.js';
import { redactTexts, type Restorations } from './placeholders.js';
import type { DlpScanner } from './scanner.js';

/** A finding with where it was (which of the request's texts) and what the policy does with it. */
export interface OutgoingFinding extends DlpFinding {
  /** Index of the text it was found in, in the array given to `checkOutgoingTexts`. */
  textIndex: number;
  action: DlpAction;
}

/**
 * What may leave, and how. `verdict` says what to do: `block` (send nothing; `blocking` says why),
 * `warn` (ask the user, listing `warnings`; if they confirm, send `texts`, where the findings to redact
 * are already redacted), `redact` (send `texts`), or `clean` (send `texts`, equal to the input).
 */
export interface OutgoingCheck {
  verdict: DlpAction | 'clean';
  findings: OutgoingFinding[];
  blocking: OutgoingFinding[];
  warnings: OutgoingFinding[];
  /** The texts to send: findings whose action is `redact` replaced by placeholders, the rest as they were. */
  texts: string[];
  /** Placeholder -> original, to restore the reply shown here (`createStreamingRestorer`). */
  restorations: Restorations;
  /** Counts only, for the audit record. */
  summary: DlpSummary;
}

/** For one value, leakage decides: a redacted value never leaves, a warned one may after a confirmation. */
const strictness: Record<DlpAction, number> = { warn: 1, redact: 2, block: 3 };

/**
 * Checks every text of one outgoing request (prompt, history, document passages) against the DLP
 * policy, and redacts what the policy says to redact, with one placeholder numbering for the request.
 */
export function checkOutgoingTexts(texts: readonly string[], dlp: Pick<DlpPolicy, 'actions'>, scanner: DlpScanner): OutgoingCheck {
  const findingsPerText = texts.map((text, textIndex) =>
    scanner.scan(text).map((finding): OutgoingFinding => ({ ...finding, textIndex, action: actionFor(finding, dlp.actions) })),
  );
  const findings = findingsPerText.flat();
  const toRedact = findingsPerText.map((list) => list.filter((finding) => finding.action === 'redact'));
  const { texts: redacted, restorations } = redactTexts(texts, toRedact);
  const blocking = findings.filter((finding) => finding.action === 'block');
  const warnings = findings.filter((finding) => finding.action === 'warn');
  return {
    verdict: verdictOf(findings, blocking, warnings),
    findings,
    blocking,
    warnings,
    texts: redacted,
    restorations,
    summary: summarizeFindings(findings),
  };
}

/** What the caller must do first: refuse, then ask, then only redact (which needs no one). */
function verdictOf(findings: readonly OutgoingFinding[], blocking: readonly OutgoingFinding[], warnings: readonly OutgoingFinding[]): OutgoingCheck['verdict'] {
  if (blocking.length > 0) return 'block';
  if (warnings.length > 0) return 'warn';
  return findings.length > 0 ? 'redact' : 'clean';
}

/** A merged finding takes the strictest action of every detector that found it. */
export function actionFor(finding: DlpFinding, actions: DlpPolicy['actions']): DlpAction {
  let action = actions[finding.detector];
  for (const other of finding.alsoDetected ?? []) {
    if (strictness[actions[other]] > strictness[action]) action = actions[other];
  }
  return action;
}

/**
 * Counts per detector (and per action when known): what an audit record may keep, with no value in
 * it. Keys come in the fixed order of `dlpDetectors` and `dlpActions`, so equal counts print alike.
 */
export function summarizeFindings(findings: readonly { detector: DlpDetector; action?: DlpAction }[]): DlpSummary {
  const summary: DlpSummary = { total: findings.length, byDetector: {}, byAction: {} };
  for (const detector of dlpDetectors) {
    const count = findings.filter((finding) => finding.detector === detector).length;
    if (count > 0) summary.byDetector[detector] = count;
  }
  for (const action of dlpActions) {
    const count = findings.filter((finding) => finding.action === action).length;
    if (count > 0) summary.byAction[action] = count;
  }
  return summary;
}
