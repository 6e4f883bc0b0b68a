import { z } from 'zod';
import { grantIdSchema } from './fileGrants.js';

/**
 * The audit trail: who did what with the data, in order, tamper-evident (electron/core/audit/). An
 * entry holds identifiers, hashes and counts only: never chat text, a prompt, a reply, document text or
 * a key.
 */
export const auditEventTypes = [
  'app.started',
  'app.stopped',
  'policy.loaded',
  'policy.changed',
  'policy.invalid',
  'model.imported',
  'model.verified',
  'model.changed',
  'model.accepted',
  'model.removed',
  'model.loaded',
  'adapter.attached',
  'document.imported',
  'document.removed',
  'collection.created',
  'collection.deleted',
  'collection.confidential',
  'chats.exported',
  'chats.imported',
  'chats.erased',
  'remote.sending',
  'remote.completed',
  'remote.blocked',
  'remote.failed',
  'endpoint.added',
  'endpoint.removed',
  'settings.changed',
  'storage.encrypted',
  'storage.rekeyed',
  'storage.passphraseChanged',
  'storage.recoveryKeyShown',
  'storage.unlockFailed',
  'backup.created',
  'backup.restored',
  'audit.sealKeyChanged',
  'audit.checkpoint',
  'audit.exported',
  'audit.verified',
  'audit.pruned',
  'api.started',
  'api.stopped',
  'api.request',
  'api.refused',
  'api.tokenAdded',
  'api.tokenRevoked',
] as const;
export type AuditEventType = (typeof auditEventTypes)[number];

/** The part of a type before its dot: what `audit.list` filters by to get a whole group (`model`). */
export type AuditEventGroup = AuditEventType extends infer Type ? (Type extends `${infer Group}.${string}` ? Group : never) : never;

/** Every group, in the order their first type appears in `auditEventTypes`. */
export const auditEventGroups: readonly AuditEventGroup[] = [...new Set(auditEventTypes.map((type) => type.split('.')[0] as AuditEventGroup))];

/** What an entry may carry: identifiers, hashes, counts, flags; a count per detector at most one level deep. */
export type AuditValue = string | number | boolean | null | Readonly<Record<string, number | string>>;
export type AuditDetails = Readonly<Record<string, AuditValue>>;

/** Who acted: the app's window, the command line, or a local API client by name. */
export type AuditActor = 'app' | 'cli' | `api:${string}`;

export interface AuditEntry {
  seq: number;
  /** Milliseconds since the epoch. */
  at: number;
  type: AuditEventType;
  actor: string;
  details: AuditDetails;
  /** SHA-256 of the entry and the one before, hex. */
  hash: string;
}

/** The trail's state at one entry, signed with the seal key: kept elsewhere, it proves what came before. */
export interface AuditCheckpoint {
  format: 'enclave-audit-checkpoint';
  version: 1;
  seq: number;
  hash: string;
  at: number;
  /** HMAC-SHA256 under the seal key, hex; null for a trail that is not sealed (plain database). */
  signature: string | null;
}

/** A checkpoint file as read back (it was kept elsewhere: anything may be in it). */
export const auditCheckpointSchema = z.strictObject({
  format: z.literal('enclave-audit-checkpoint'),
  version: z.literal(1),
  seq: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  at: z.number().int().min(0),
  signature: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
});

export interface AuditVerification {
  ok: boolean;
  /** Entries read. */
  entries: number;
  firstSeq: number | null;
  lastSeq: number | null;
  /** Whether seals were checked (an encrypted database has the key; a plain one has none). */
  sealed: boolean;
  /** The first entry that does not hold, and why; null when the trail verifies. */
  firstBad: { seq: number; reason: string } | null;
  /** Whether a checkpoint was given and matched. */
  checkpoint: 'matched' | 'not-given';
}

/** Where forwarding to the policy's syslog collector stands (policy `audit.collector`). */
export interface AuditForwardingStatus {
  /** The collector, as `tls://siem.example:6514`. */
  collector: string;
  /** The last entry the collector confirmed it holds (0: none yet), and when. */
  deliveredSeq: number;
  deliveredAt: number | null;
  /** Entries recorded after it, waiting to be sent. */
  waiting: number;
  /** The last attempt, and why it failed (null: it did not). */
  lastAttemptAt: number | null;
  lastError: string | null;
}

/** How an export writes the entries: JSON Lines, or RFC 5424 syslog lines. */
export const auditExportFormats = ['jsonl', 'syslog'] as const;
export type AuditExportFormat = (typeof auditExportFormats)[number];
/** What the app asks where to write (a save dialog in main): an export, or a checkpoint. */
export type AuditFileKind = AuditExportFormat | 'checkpoint';

/** A file the app wrote where the user chose. */
export interface AuditFileWritten {
  path: string;
  /** How many entries it holds. */
  entries: number;
}

/** Milliseconds since the epoch. */
const epochMs = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
/** An audit event type (`model.imported`) or its group (`model`): letters and one dot, so never a LIKE wildcard. */
const auditTypeFilter = z.string().regex(/^[a-z][A-Za-z]*(\.[a-z][A-Za-z]*)?$/, 'must be an event type (model.imported) or its group (model)');
/** Which entries of the audit trail: written from `since`, up to `until` (both included), of a type or group. */
const auditRange = { since: epochMs.optional(), until: epochMs.optional(), type: auditTypeFilter.optional() };
const empty = z.object({}).strict();

/** The audit channels of the contract (shared/contract.ts): what each request carries. */
export const auditChannelSchemas = {
  /** The audit trail's entries in order, the first `limit` of those that match. */
  'audit.list': z.object({ ...auditRange, limit: z.number().int().min(1).max(1_000_000).optional() }).strict(),
  /**
   * Walks the whole trail (and checks it against an exported checkpoint when given); the check is
   * itself recorded, after it ran.
   */
  'audit.verify': z.object({ checkpoint: auditCheckpointSchema.optional() }).strict(),
  /** The trail's head now, signed with the seal key, to keep elsewhere; recorded. */
  'audit.checkpoint': empty,
  /** The matching entries as JSON Lines or RFC 5424 syslog lines (audit/exportFormats.ts); recorded. */
  'audit.export': z.object({ ...auditRange, format: z.enum(auditExportFormats) }).strict(),
  /**
   * The same entries written to a file, for the app: a grant (made for `export`) for the file; without
   * one, the save dialog asks. Written by core, so the trail never travels to the window; recorded.
   */
  'audit.exportFile': z.object({ ...auditRange, format: z.enum(auditExportFormats), grant: grantIdSchema.optional() }).strict(),
  /** `audit.checkpoint` written to a file where the user chooses (a grant made for `export`, or the save dialog). */
  'audit.saveCheckpoint': z.object({ grant: grantIdSchema.optional() }).strict(),
  /** Where forwarding to the policy's syslog collector stands; null when the policy names none. */
  'audit.forwarding': empty,
  /** Sends what waits for the collector now, instead of at the next scheduled attempt. */
  'audit.forward': empty,
} as const;

/** What each audit channel answers. */
export interface AuditChannelResults {
  'audit.list': AuditEntry[];
  'audit.verify': AuditVerification;
  'audit.checkpoint': AuditCheckpoint;
  'audit.export': { content: string; entries: number };
  /** null when the user cancelled the dialog: nothing was written or recorded. */
  'audit.exportFile': AuditFileWritten | null;
  /** null when the user cancelled the dialog: no checkpoint was made. */
  'audit.saveCheckpoint': { path: string; checkpoint: AuditCheckpoint } | null;
  'audit.forwarding': AuditForwardingStatus | null;
  'audit.forward': { delivered: number; status: AuditForwardingStatus };
}
