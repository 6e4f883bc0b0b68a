import { z } from 'zod';
import { messageSourceSchema } from '../../shared/documents.js';
import { messageRoles, messageStatuses, stopReasonSchema } from '../../shared/domain.js';
import { maxTitleCharacters } from '../../shared/limits.js';
import { redactionSchema } from '../../shared/remote.js';
import { replyPromptKinds } from '../../shared/replyPrompt.js';

/**
 * The JSON chat export, version 1: what `chats export --format json` writes and `chats import` reads.
 * A file says what it is (`format`) and which version wrote it, so a newer Enclave's export is refused
 * with a reason rather than half-understood. Adding an optional field keeps the version; changing
 * the meaning of one makes a new version (and this reader learns to read the old one).
 *
 * Every field the app keeps about a message is here, so export -> import -> export gives the same
 * file (but `exportedAt`). Timestamps are milliseconds since the epoch, as the app stores them.
 */
export const chatExportFormat = 'enclave-chats';
export const chatExportVersion = 1;

/** Ids as the app writes them (32 hex digits); any id the IPC contract would accept is read. */
const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'ids are 1 to 64 letters, digits, _ and -');
const timestamp = z.number().int().min(0).max(8.64e15);
const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const nullableCount = count.nullable().default(null);
const text = (max: number) => z.string().max(max);
/** A reply can be far longer than a prompt; this only stops a runaway file. */
const maxMessageCharacters = 50_000_000;
const shortText = text(10_000).nullable().default(null);

export const exportedMessageSchema = z.object({
  id,
  /** The message it answers or follows (branches); null for the first. */
  parentId: id.nullable().default(null),
  role: z.enum(messageRoles),
  content: text(maxMessageCharacters),
  // A reply exported while it was being written is imported as cut off, which it then is.
  status: z.enum(messageStatuses).transform((status) => (status === 'streaming' ? 'interrupted' : status)).default('complete'),
  /** Why a reply's generation ended; absent in files written before Enclave recorded it. */
  stopReason: stopReasonSchema.nullable().default(null),
  /** A reply constrained to a JSON schema; absent in files written before Enclave recorded it. */
  structured: z.boolean().default(false),
  createdAt: timestamp,
  model: z.object({ id: text(200).nullable(), name: text(1000).nullable() }).default({ id: null, name: null }),
  provider: z
    .object({ kind: z.enum(['local', 'remote']), endpointName: shortText, routeReason: shortText })
    .default({ kind: 'local', endpointName: null, routeReason: null }),
  presetName: shortText,
  tokens: z.object({ in: nullableCount, out: nullableCount }).default({ in: null, out: null }),
  timings: z.object({ timeToFirstTokenMs: nullableCount, durationMs: nullableCount }).default({ timeToFirstTokenMs: null, durationMs: null }),
  context: z
    .object({
      droppedTurns: nullableCount,
      contextSize: nullableCount,
      /** Passages retrieved when the model was given fewer, or one shortened (`ChatMessage.passageFit`). */
      passageFit: z.object({ retrieved: z.number().int().min(0), shortened: nullableCount }).nullable().default(null),
    })
    .default({ droppedTurns: null, contextSize: null, passageFit: null }),
  error: z.object({ code: text(100), message: text(10_000) }).nullable().default(null),
  sources: z.array(messageSourceSchema).max(1000).default([]),
  redactions: z.array(redactionSchema).max(10_000).default([]),
  /** The exact prompt a reply was given (a rendered template or a remote request's body); null: not recorded. */
  prompt: z
    .object({ kind: z.enum(replyPromptKinds), text: text(maxMessageCharacters), tokenCount: nullableCount })
    .nullable()
    .default(null),
  /** A reasoning model's thoughts before the reply, apart from its content; null: none (or older files). */
  thought: z
    .object({ text: text(maxMessageCharacters), durationMs: z.number().nonnegative().nullable() })
    .nullable()
    .default(null),
});

export const exportedChatSchema = z.object({
  id,
  title: z.string().trim().min(1).max(maxTitleCharacters),
  createdAt: timestamp,
  updatedAt: timestamp,
  /** The end of the branch the chat shows; null for an empty chat. */
  leafMessageId: id.nullable().default(null),
  /** The collections attached when exported, for the reader: an import does not re-attach them. */
  collections: z.array(z.object({ id, name: text(1000) })).max(1000).default([]),
  /** In the order written: a message's parent always comes before it. */
  messages: z.array(exportedMessageSchema).max(10_000_000),
});

export type ExportedMessage = z.output<typeof exportedMessageSchema>;
export type ExportedChat = z.output<typeof exportedChatSchema>;

/** The envelope alone: checked first, so a foreign or newer file is refused before any chat is read. */
export const exportEnvelopeSchema = z.object({
  format: z.literal(chatExportFormat),
  version: z.number().int().min(1),
  exportedAt: timestamp.optional(),
  chats: z.array(z.unknown()),
});
