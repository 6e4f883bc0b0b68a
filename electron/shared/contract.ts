import { z } from 'zod';
import {
  type AdapterInfo,
  type AppSettings,
  type AppStatus,
  type BranchChange,
  type ChatDetail,
  type ChatMessage,
  type ChatSummary,
  type FitEstimate,
  type HardwareInfo,
  type ImportResult,
  type LoadedModelInfo,
  type ModelCatalog,
  type ModelInfo,
  type ModelRecommendation,
  type ProbeResult,
  type VerifyResult,
  appSettingsSchema,
  idSchema as id,
  modelSettingsSchema,
} from './domain.js';
import type {
  CollectionInfo,
  DocumentHit,
  DocumentImportJob,
  DocumentInfo,
  IndexStatus,
  OriginalPdf,
  PassageView,
} from './documents.js';
import type {
  EndpointInfo,
  OutgoingPreview,
  PolicyStatus,
  PriceEntry,
  RemoteRequestRecord,
  UsageReport,
} from './remote.js';
import type { PresetImportReport, PresetInfo } from './presetDefinitions.js';
import { grantIdSchema } from './fileGrants.js';
import type { LinkOpenResult } from './links.js';
import type { ReplyPrompt } from './replyPrompt.js';
import { maxPromptCharacters, maxTitleCharacters } from './limits.js';
import {
  type ChatEraseReport,
  type ChatExportFile,
  type ChatImportReport,
  type MessageSearchResult,
  chatExportFormats,
  maxImportCharacters,
  maxSearchResults,
} from './history.js';
import { type StorageChannelResults, storageChannelSchemas } from './storage.js';
import { type AuditChannelResults, auditChannelSchemas } from './audit.js';
import { type ApiServerChannelResults, apiServerChannelSchemas } from './apiServer.js';

/**
 * The one IPC contract. Every channel has a zod schema for its payload (main parses every payload
 * with it, whatever the renderer claims to send) and a result type. Adding a channel here is the only
 * way to add one: the preload API, the main-side registration and the test bridge derive from it.
 */

const empty = z.object({}).strict();
const modelRef = z.object({ modelId: id }).strict();
/**
 * Files the user picked in a dialog or dropped on the window, as the grants main gave for them
 * (shared/fileGrants.ts): a request that reads files names them this way only, never by path.
 */
const fileGrants = z.array(grantIdSchema).min(1).max(1000);
const importMode = z.enum(['copy', 'link']);
/** A message's text: long pastes are fine up to the limit; beyond it the user is told what to do instead. */
const promptText = z
  .string()
  .trim()
  .min(1, 'the message is empty')
  .max(maxPromptCharacters, {
    error: (issue) =>
      `the message is too long (${(issue.input as string).length.toLocaleString('en')} characters; the limit is ${maxPromptCharacters.toLocaleString('en')}). Add long text as a document instead, and ask about it`,
  });
/** A model on a remote endpoint, by the name the endpoint gives it. */
const remoteTarget = z.object({ endpointId: id, model: z.string().trim().min(1).max(200) }).strict();
const httpUrl = z.string().trim().min(1).max(2048);
const collectionName = z.string().trim().min(1).max(maxTitleCharacters);
const chunkId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** LoRA scale: 1 applies the adapter as trained; 0 switches it off without removing it. */
const adapterScale = z.number().min(0).max(4);

export { maxPromptCharacters, maxTitleCharacters } from './limits.js';

export const channelSchemas = {
  'app.status': empty,
  'chats.list': empty,
  'chats.create': z.object({ title: z.string().trim().min(1).max(maxTitleCharacters).optional() }).strict(),
  'chats.rename': z.object({ chatId: id, title: z.string().trim().min(1).max(maxTitleCharacters) }).strict(),
  'chats.delete': z.object({ chatId: id }).strict(),
  /**
   * The chat and the branch shown; with `lastMessages`, only the newest that many of it (a long chat
   * opens on its end without reading all of it first).
   */
  'chats.get': z.object({ chatId: id, lastMessages: z.number().int().min(1).max(100_000).optional() }).strict(),
  /**
   * To a local catalog model (`modelId`) or a model on a remote endpoint (`remote`), exactly one.
   * `confirmSensitive` is the user's answer to a DLP warning shown before a remote send.
   */
  'chats.send': z
    .object({
      chatId: id,
      modelId: id.optional(),
      remote: remoteTarget.optional(),
      content: promptText,
      confirmSensitive: z.boolean().default(false),
      /** Sends the text as an edit of this earlier user message: a new branch beside it. */
      editOf: id.optional(),
      /** Structured output: the local model's reply is JSON constrained to this JSON Schema. */
      jsonSchema: z.record(z.string(), z.unknown()).optional(),
    })
    .strict()
    .refine((value) => (value.modelId === undefined) !== (value.remote === undefined), 'choose a local model or a remote one'),
  /** Another answer to the message a reply answered, as a new branch. */
  'chats.regenerate': z
    .object({ chatId: id, messageId: id, modelId: id.optional(), remote: remoteTarget.optional(), confirmSensitive: z.boolean().default(false) })
    .strict()
    .refine((value) => (value.modelId === undefined) !== (value.remote === undefined), 'choose a local model or a remote one'),
  /** Continues a cut-off reply on a local model, appending to the same message. */
  'chats.continue': z.object({ chatId: id, messageId: id, modelId: id }).strict(),
  /** Shows the branch through this message (one of a message's `siblingIds`). */
  'chats.switchBranch': z.object({ chatId: id, messageId: id }).strict(),
  /**
   * What a remote send would do now (route, DLP findings), without sending anything: a new message,
   * an edit of an earlier one (`editOf`), or another answer to the message a reply answered
   * (`regenerateOf`, the reply; its question is sent again, so `content` is not needed).
   */
  'chats.preview': z
    .object({ chatId: id, remote: remoteTarget, content: promptText.optional(), editOf: id.optional(), regenerateOf: id.optional() })
    .strict()
    .refine((value) => value.editOf === undefined || value.regenerateOf === undefined, 'preview an edit or a regeneration, not both')
    .refine((value) => value.regenerateOf !== undefined || value.content !== undefined, 'the message is empty'),
  'chats.stop': z.object({ chatId: id }).strict(),
  /** The exact prompt a reply was given, asked for when its details open (never with a message list). */
  'chats.replyPrompt': z.object({ messageId: id }).strict(),
  'models.list': empty,
  'models.import': z.object({ mode: importMode.default('copy'), pick: z.enum(['files', 'folder']).default('files') }).strict(),
  /** Granted files or folders (of .gguf files); grants made for `models`. */
  'models.importPaths': z.object({ grants: fileGrants, mode: importMode.default('copy') }).strict(),
  'models.cancelImport': z.object({ importId: id }).strict(),
  /**
   * Enclave's own copy of the model (inside the data folder) is always deleted with it. A linked
   * model's file is the user's and is never deleted, whatever `deleteFile` says (kept so callers that
   * still send it are understood).
   */
  'models.remove': z.object({ modelId: id, deleteFile: z.boolean().default(false) }).strict(),
  'models.verify': z.object({ modelId: id.optional() }).strict(),
  'models.accept': modelRef,
  'models.updateSettings': z.object({ modelId: id, settings: modelSettingsSchema.partial() }).strict(),
  'models.estimate': z.object({ modelId: id, settings: modelSettingsSchema.partial().optional() }).strict(),
  'models.load': modelRef,
  'models.unload': z.object({ modelId: id.optional() }).strict(),
  'models.runtime': empty,
  /** A granted adapter file (a grant made for `adapter`); without one, the file dialog asks. */
  'models.addAdapter': z.object({ modelId: id, grant: grantIdSchema.optional(), scale: adapterScale.default(1) }).strict(),
  'models.updateAdapter': z.object({ modelId: id, adapterId: id, scale: adapterScale }).strict(),
  'models.removeAdapter': z.object({ modelId: id, adapterId: id }).strict(),
  'models.probe': modelRef,
  'models.recommendations': empty,
  'system.hardware': empty,
  'settings.get': empty,
  'settings.update': appSettingsSchema.partial(),
  /** The OCR languages installed (`@tesseract.js-data/<code>` packages), which `ocrLanguages` may name. */
  'settings.ocrLanguages': empty,
  ...storageChannelSchemas,
  /** Attaches collections to a chat (replacing the set); its own dropped-files collection stays. */
  'chats.setCollections': z.object({ chatId: id, collectionIds: z.array(id).max(100) }).strict(),
  /** Indexes files dropped into a chat into that chat's own collection, attached to it. */
  'chats.attachFiles': z.object({ chatId: id, grants: fileGrants }).strict(),
  /** The same for files the user picks in the file dialog (the keyboard's way to what a drop does). */
  'chats.attach': z.object({ chatId: id }).strict(),
  'collections.list': empty,
  'collections.create': z.object({ name: collectionName }).strict(),
  'collections.rename': z.object({ collectionId: id, name: collectionName }).strict(),
  'collections.delete': z.object({ collectionId: id }).strict(),
  'documents.list': z.object({ collectionId: id }).strict(),
  'documents.import': z.object({ collectionId: id, pick: z.enum(['files', 'folder']).default('files') }).strict(),
  /**
   * Granted files or folders (grants made for `documents`; a folder is searched for supported files);
   * the job runs in the background with progress events.
   */
  'documents.importPaths': z.object({ collectionId: id, grants: fileGrants }).strict(),
  'documents.cancelImport': z.object({ jobId: id }).strict(),
  'documents.remove': z.object({ documentId: id }).strict(),
  'documents.search': z
    .object({
      query: z.string().trim().min(1).max(maxPromptCharacters),
      collectionIds: z.array(id).min(1).max(100),
      topK: z.number().int().min(1).max(50).optional(),
    })
    .strict(),
  /**
   * The page around a passage. A re-index replaces chunks (new ids): with the source's document and
   * offsets the passage is still found in the new chunks.
   */
  'documents.passage': z
    .object({
      chunkId,
      documentId: id.optional(),
      charStart: z.number().int().nonnegative().optional(),
      charEnd: z.number().int().nonnegative().optional(),
    })
    .strict(),
  /**
   * The PDF a document was imported from, to show its pages: by the document's id only (never a path),
   * read from where the user imported it and refused unless it is still the file that was indexed.
   */
  'documents.original': z.object({ documentId: id }).strict(),
  /** Opens that same file, checked the same way, in the system's own viewer for its type. */
  'documents.openOriginal': z.object({ documentId: id }).strict(),
  'documents.indexStatus': empty,
  /**
   * Brings every document to the current embedding model (or joins the run doing so); the stream
   * reports each document and how the run ended. The answer is the index's status as the run starts.
   */
  'documents.reindex': empty,
  'collections.setConfidential': z.object({ collectionId: id, confidential: z.boolean() }).strict(),
  'presets.list': empty,
  /** Creates a preset, or updates `presetId`; the preset is validated in core with its own schema. */
  'presets.save': z.object({ presetId: id.optional(), preset: z.record(z.string(), z.unknown()) }).strict(),
  'presets.delete': z.object({ presetId: id }).strict(),
  /** The named presets (or every user preset) as a JSON file's content. */
  'presets.export': z.object({ presetIds: z.array(id).max(500).optional() }).strict(),
  'presets.import': z.object({ content: z.string().min(1).max(5_000_000) }).strict(),
  /** The preset a chat uses (null: none); its default collections are attached. */
  'chats.setPreset': z.object({ chatId: id, presetId: id.nullable() }).strict(),
  'policy.status': empty,
  'endpoints.list': empty,
  'endpoints.add': z
    .object({
      name: z.string().trim().min(1).max(100),
      baseUrl: httpUrl,
      apiKey: z.string().min(1).max(4096).optional(),
      apiKeyEnv: z.string().min(1).max(200).optional(),
    })
    .strict(),
  'endpoints.remove': z.object({ endpointId: id }).strict(),
  /** Lists the endpoint's models: a live check that it is reachable, allowed and accepts the key. */
  'endpoints.models': z.object({ endpointId: id }).strict(),
  'usage.report': z
    .object({ since: z.number().int().nonnegative().nullable().default(null), comparisonModel: z.string().max(200).nullable().default(null) })
    .strict(),
  'usage.csv': z.object({ since: z.number().int().nonnegative().nullable().default(null) }).strict(),
  'usage.requests': z.object({ since: z.number().int().nonnegative().nullable().default(null) }).strict(),
  'usage.prices': empty,
  /** Full-text search over every chat; the query is plain text (FTS syntax is searched for, not parsed). */
  'chats.search': z
    .object({
      query: z.string().trim().min(1).max(1000),
      limit: z.number().int().min(1).max(maxSearchResults).default(20),
      offset: z.number().int().min(0).max(100_000).default(0),
      /** Messages written at or after this time. */
      since: z.number().int().nonnegative().nullable().default(null),
      /** Messages written before this time. */
      until: z.number().int().nonnegative().nullable().default(null),
      /** Replies by this model (its name or catalog id, any case). */
      modelName: z.string().trim().min(1).max(200).nullable().default(null),
      /** Chats with this collection attached. */
      collectionId: id.nullable().default(null),
    })
    .strict(),
  /** One chat (`chatId`) or every chat (`all`), as Markdown or JSON. */
  'chats.export': z
    .object({ chatId: id.optional(), all: z.literal(true).optional(), format: z.enum(chatExportFormats) })
    .strict()
    .refine((value) => (value.chatId === undefined) !== (value.all === undefined), 'choose one chat or all of them'),
  /** The text of a JSON export; chats and messages already here (same id) are not duplicated. */
  'chats.import': z.object({ content: z.string().min(1).max(maxImportCharacters) }).strict(),
  /** Deletes every chat, their text erased from the database file. */
  'chats.deleteAll': empty,
  'usage.setPrice': z
    .object({ model: z.string().trim().min(1).max(200), inputPerMillion: z.number().min(0).max(1e6), outputPerMillion: z.number().min(0).max(1e6) })
    .strict(),
  /**
   * Opens a link the user confirmed in the window (which showed its full URL) in their browser: only
   * plain http(s), and never while the machine policy is offline (the URL is copied instead).
   */
  'links.open': z.object({ url: z.string().trim().min(1).max(8192) }).strict(),
  ...auditChannelSchemas,
  ...apiServerChannelSchemas,
} as const;

export type Channel = keyof typeof channelSchemas;
export type ChannelInput<C extends Channel> = z.input<(typeof channelSchemas)[C]>;
export type ChannelPayload<C extends Channel> = z.output<(typeof channelSchemas)[C]>;

export interface ChannelResults extends StorageChannelResults, AuditChannelResults, ApiServerChannelResults {
  'app.status': AppStatus;
  'chats.list': ChatSummary[];
  'chats.create': ChatSummary;
  'chats.rename': ChatSummary;
  /** The chat is deleted and its text erased from the database file (see ChatEraseReport). */
  'chats.delete': { chatId: string; messagesDeleted: number; fileErased: boolean };
  'chats.get': ChatDetail;
  'chats.send': { userMessage: ChatMessage; assistantMessage: ChatMessage };
  'chats.stop': { stopped: boolean };
  /** null: not recorded (a reply written before prompts were kept, one stopped before it was sent, or a user message). */
  'chats.replyPrompt': ReplyPrompt | null;
  'chats.regenerate': { userMessage: ChatMessage; assistantMessage: ChatMessage };
  'chats.switchBranch': { chat: ChatSummary } & BranchChange;
  'chats.continue': { userMessage: ChatMessage; assistantMessage: ChatMessage };
  'models.list': ModelCatalog;
  /** null when the user closed the file dialog without picking anything. */
  'models.import': ImportResult | null;
  'models.importPaths': ImportResult;
  'models.cancelImport': { cancelled: boolean };
  /** `keptFile`: a linked model's file, left where it is (Enclave never deletes it); null for a copy. */
  'models.remove': { modelId: string; fileDeleted: boolean; keptFile: string | null };
  'models.verify': VerifyResult[];
  'models.accept': ModelInfo;
  'models.updateSettings': ModelInfo;
  'models.estimate': FitEstimate;
  'models.load': LoadedModelInfo;
  'models.unload': { unloaded: string[] };
  'models.runtime': { loaded: LoadedModelInfo[]; settings: AppSettings };
  /** null when the user closed the file dialog. */
  'models.addAdapter': AdapterInfo | null;
  'models.updateAdapter': AdapterInfo;
  'models.removeAdapter': { adapterId: string };
  'models.probe': ProbeResult;
  'models.recommendations': ModelRecommendation[];
  'system.hardware': HardwareInfo;
  'settings.get': AppSettings;
  'settings.update': AppSettings;
  'settings.ocrLanguages': string[];
  'chats.setCollections': ChatSummary;
  'chats.attachFiles': DocumentImportJob;
  /** null when the user closed the file dialog. */
  'chats.attach': DocumentImportJob | null;
  'collections.list': CollectionInfo[];
  'collections.create': CollectionInfo;
  'collections.rename': CollectionInfo;
  'collections.delete': { collectionId: string };
  'documents.list': DocumentInfo[];
  /** null when the user closed the file dialog. */
  'documents.import': DocumentImportJob | null;
  'documents.importPaths': DocumentImportJob;
  'documents.cancelImport': { cancelled: boolean };
  'documents.remove': { documentId: string };
  'documents.search': DocumentHit[];
  'documents.passage': PassageView;
  'documents.original': OriginalPdf;
  'documents.openOriginal': { documentId: string };
  'documents.indexStatus': IndexStatus;
  'documents.reindex': IndexStatus;
  'chats.preview': OutgoingPreview;
  'collections.setConfidential': CollectionInfo;
  'presets.list': PresetInfo[];
  'presets.save': PresetInfo;
  'presets.delete': { presetId: string };
  'presets.export': { fileName: string; content: string };
  'presets.import': PresetImportReport;
  'chats.setPreset': ChatSummary;
  'policy.status': PolicyStatus;
  'endpoints.list': EndpointInfo[];
  'endpoints.add': EndpointInfo;
  'endpoints.remove': { endpointId: string };
  'endpoints.models': { models: string[]; latencyMs: number };
  'usage.report': UsageReport;
  'usage.csv': { csv: string };
  'usage.requests': RemoteRequestRecord[];
  'usage.prices': PriceEntry[];
  'chats.search': MessageSearchResult;
  'chats.export': ChatExportFile;
  'chats.import': ChatImportReport;
  'chats.deleteAll': ChatEraseReport;
  'usage.setPrice': PriceEntry[];
  'links.open': LinkOpenResult;
}

export type ChannelResult<C extends Channel> = ChannelResults[C];

export const channels = Object.keys(channelSchemas) as Channel[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(channelSchemas, value);
}
