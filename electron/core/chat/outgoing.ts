import type { DlpDetector, Policy } from '../../shared/policy.js';
import { dlpDetectorLabels } from '../../shared/policy.js';
import type { OutgoingFindingNotice, OutgoingPreview, Redaction } from '../../shared/remote.js';
import { checkOutgoingTexts, type OutgoingCheck } from '../dlp/checkOutgoing.js';
import type { Restorations } from '../dlp/placeholders.js';
import type { DlpScanner } from '../dlp/scanner.js';
import type { ProviderTurn } from '../llm/provider.js';

export interface OutgoingRequest {
  /** Everything the model would read: grounding system turn (if any), history, the new prompt last. */
  turns: ProviderTurn[];
  /** Whether the first turn carries document passages. */
  hasPassages: boolean;
  /** Names of confidential collections the chat answers from. */
  confidentialCollections: string[];
  endpointName: string;
  model: string;
}

/** Where a message to a remote model goes, decided before anything leaves. */
export interface OutgoingPlan extends OutgoingPreview {
  /** For `remote`: the turns to send, redacted as the policy says. */
  turns: ProviderTurn[];
  restorations: Restorations;
  redactions: Redaction[];
  check: OutgoingCheck | null;
  /** For `local`: the policy rule that keeps it here, named for the audit trail (the reason names collections). */
  keptLocalBy?: KeptLocalRule;
}

/** The routing rules that keep a request on this machine. */
export type KeptLocalRule = 'document-passages' | 'confidential-collection' | 'dlp-findings';

/**
 * The routing and data-loss rules, in order: document passages stay local unless the policy allows
 * them out; a confidential collection keeps the chat local; a request with findings stays local when
 * the policy says so; otherwise DLP blocks, asks to confirm, or redacts. The reason is one sentence
 * the user reads on the message.
 */
export function planOutgoing(request: OutgoingRequest, policy: Policy, scanner: DlpScanner): OutgoingPlan {
  const local = (keptLocalBy: KeptLocalRule, reason: string, check: OutgoingCheck | null = null): OutgoingPlan => ({
    route: 'local',
    keptLocalBy,
    reason,
    verdict: check?.verdict ?? 'clean',
    findings: check ? notices(check, request) : [],
    needsConfirmation: false,
    turns: request.turns,
    restorations: new Map(),
    redactions: [],
    check,
  });
  if (request.hasPassages && !policy.dlp.allowDocumentPassages) {
    return local('document-passages', 'Answered by a local model: the machine policy keeps document passages on this machine.');
  }
  if (request.confidentialCollections.length > 0 && policy.routing.confidentialCollectionsStayLocal) {
    return local('confidential-collection', `Answered by a local model: ${quoteList(request.confidentialCollections)} is marked confidential.`);
  }
  const check = checkOutgoingTexts(
    request.turns.map((turn) => turn.content),
    policy.dlp,
    scanner,
  );
  const kinds = describeKinds(check.findings.map((finding) => finding.detector));
  if (check.findings.length > 0 && policy.routing.dlpFindingsStayLocal) {
    return local('dlp-findings', `Answered by a local model: the message contains ${kinds}, and the policy keeps such requests local.`, check);
  }
  const base = { verdict: check.verdict, findings: notices(check, request), restorations: check.restorations, check };
  if (check.verdict === 'block') {
    const blocked = describeKinds(check.blocking.map((finding) => finding.detector));
    return {
      ...base,
      route: 'blocked',
      reason: `Not sent: the message contains ${blocked}, which the policy does not allow to leave this machine.`,
      needsConfirmation: false,
      turns: [],
      redactions: [],
    };
  }
  const redactions = redactionsOf(check);
  const redacted = redactions.length > 0 ? ` ${redactions.length} sensitive ${redactions.length === 1 ? 'value was' : 'values were'} replaced before sending.` : '';
  return {
    ...base,
    route: 'remote',
    reason: `Sent to ${request.endpointName} (${request.model}).${redacted}`,
    needsConfirmation: check.verdict === 'warn',
    turns: request.turns.map((turn, index) => ({ role: turn.role, content: check.texts[index] ?? turn.content })),
    redactions,
  };
}

function notices(check: OutgoingCheck, request: OutgoingRequest): OutgoingFindingNotice[] {
  const last = request.turns.length - 1;
  return check.findings.map((finding) => ({
    detector: finding.detector,
    action: finding.action,
    masked: mask(finding.text),
    location: finding.textIndex === last ? 'prompt' : finding.textIndex === 0 && request.hasPassages ? 'passages' : 'history',
  }));
}

/** One entry per placeholder, in placeholder order, with the value it stands for. */
function redactionsOf(check: OutgoingCheck): Redaction[] {
  const detectorOf = new Map(check.findings.map((finding) => [finding.text, finding.detector] as const));
  return [...check.restorations.entries()].map(([placeholder, original]) => ({
    placeholder,
    original,
    detector: detectorOf.get(original) ?? 'customTerm',
  }));
}

export function mask(text: string): string {
  if (text.length <= 2) return '•'.repeat(text.length);
  return `${text[0]}${'•'.repeat(Math.min(text.length - 2, 12))}${text.at(-1)}`;
}

function describeKinds(detectors: readonly DlpDetector[]): string {
  const labels = [...new Set(detectors)].map((detector) => dlpDetectorLabels[detector]);
  const last = labels.at(-1);
  if (last === undefined) return 'nothing sensitive';
  return labels.length === 1 ? last : `${labels.slice(0, -1).join(', ')} and ${last}`;
}

function quoteList(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}
