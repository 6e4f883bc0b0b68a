import { z } from 'zod';
import type { DlpSummary } from './dlp.js';
import { type DlpAction, type DlpDetector, dlpDetectors, type PolicyLocks, type PolicySource } from './policy.js';

/** Where an endpoint's API key is kept. */
export type KeyStorage = 'none' | 'keychain' | 'env' | 'file';

export interface EndpointInfo {
  id: string;
  name: string;
  baseUrl: string;
  keyStorage: KeyStorage;
  /** For `env`: the variable read at each request. */
  keyEnvVar: string | null;
  /** Whether the machine policy allows requests to it now; `blockedReason` says why not. */
  allowed: boolean;
  blockedReason: string | null;
  createdAt: number;
}

/**
 * One value DLP replaced before a request left, as the user sees it in the redaction notice; stored
 * as JSON with the message and carried in chat exports.
 */
export const redactionSchema = z.object({
  placeholder: z.string().max(200),
  detector: z.enum(dlpDetectors),
  /** The original text: shown only here, on this machine. */
  original: z.string().max(100_000),
});
export type Redaction = z.infer<typeof redactionSchema>;

/** A finding of a pre-send check, for the notice or the confirm step. */
export interface OutgoingFindingNotice {
  detector: DlpDetector;
  action: DlpAction;
  /** The sensitive text, masked except its first and last character. */
  masked: string;
  /** Where: the new prompt, earlier messages, or document passages. */
  location: 'prompt' | 'history' | 'passages';
}

/** What would happen if this message were sent now: shown before sending to a remote endpoint. */
export interface OutgoingPreview {
  route: 'local' | 'remote' | 'blocked';
  /** Why it goes where it goes, in one sentence (also stored on the message). */
  reason: string;
  verdict: DlpAction | 'clean';
  findings: OutgoingFindingNotice[];
  /** True when the user must confirm (findings with the `warn` action) before it is sent. */
  needsConfirmation: boolean;
}

export interface RemoteRequestRecord {
  id: number;
  createdAt: number;
  endpointName: string;
  baseUrl: string;
  model: string;
  chatId: string | null;
  tokensIn: number | null;
  tokensOut: number | null;
  usageReported: boolean;
  dlp: DlpSummary;
  /** `sending` from before the first byte leaves until it ends; a record left so by a killed process is closed as interrupted at the next start. */
  outcome: 'sending' | 'complete' | 'interrupted' | 'error' | 'blocked';
  errorCode: string | null;
  durationMs: number | null;
}

export interface PriceEntry {
  /** The model name as the endpoint calls it. */
  model: string;
  inputPerMillion: number;
  outputPerMillion: number;
  /** A shipped default not edited here. */
  isDefault: boolean;
}

export interface UsageRow {
  /** Day (YYYY-MM-DD, local time of the machine), provider and model. */
  day: string;
  provider: 'local' | 'remote';
  model: string;
  endpointName: string | null;
  messages: number;
  tokensIn: number;
  tokensOut: number;
  /** Spend for remote rows (null when the model has no price); what local tokens would have cost at the comparison model's price. */
  cost: number | null;
}

export interface UsageReport {
  since: number | null;
  /** The hosted model local usage is priced against. */
  comparisonModel: string | null;
  rows: UsageRow[];
  totals: { remoteCost: number; localEquivalentCost: number; remoteTokens: number; localTokens: number };
}

/** The machine policy as the settings screen shows it. */
export interface PolicyStatus {
  source: PolicySource;
  networkMode: 'offline' | 'allowlist';
  allowedEndpoints: string[];
  allowDocumentPassages: boolean;
  /** Why chats cannot be exported (policy `export.allowed` false), naming the policy; null when they can. */
  chatExportRefusal: string | null;
  locks: PolicyLocks;
}
