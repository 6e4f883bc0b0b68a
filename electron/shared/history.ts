import type { MessageRole } from './domain.js';

/**
 * Chat history as a whole: search across every chat, export, import and erasure. Timestamps are
 * milliseconds since the epoch, as everywhere else in the contract.
 */

/**
 * A piece of a search snippet: the renderer shows `match` pieces highlighted. Plain text, never
 * HTML, so a message that contains markup cannot inject any.
 */
export interface SnippetSegment {
  text: string;
  match: boolean;
}

export interface MessageSearchHit {
  chatId: string;
  chatTitle: string;
  messageId: string;
  role: MessageRole;
  createdAt: number;
  /** The model that wrote an assistant message; null for the user's own messages. */
  modelName: string | null;
  /** A few words around the best match, with `…` where the text was cut. */
  snippet: SnippetSegment[];
}

export interface MessageSearchResult {
  /** Best match first (BM25 relevance). */
  hits: MessageSearchHit[];
  /** More hits follow: ask again with `offset` + `hits.length`. */
  hasMore: boolean;
}

/** Most hits one search returns. */
export const maxSearchResults = 100;

export const chatExportFormats = ['md', 'json'] as const;
export type ChatExportFormat = (typeof chatExportFormats)[number];

/** An export ready to save: the renderer offers it as a download under `fileName`. */
export interface ChatExportFile {
  fileName: string;
  /** `text/markdown` or `application/json`. */
  mimeType: string;
  content: string;
  chatCount: number;
  messageCount: number;
}

/** Largest import file, in characters; beyond it the export is better split (or imported with the CLI). */
export const maxImportCharacters = 256 * 1024 * 1024;

/** A chat of an import file that was not imported, and why. */
export interface RejectedChat {
  /** Its position in the file's `chats` list, from 0. */
  index: number;
  chatId: string | null;
  title: string | null;
  reason: string;
}

export interface ChatImportReport {
  /** Chats that were new here. */
  chatsImported: number;
  /** Chats already here (same id) that gained messages they did not have. */
  chatsMerged: number;
  /** Chats already here with every message: nothing to add. */
  chatsUnchanged: number;
  messagesImported: number;
  /** Messages already here (same id), left as they were. */
  messagesSkipped: number;
  rejected: RejectedChat[];
}

export interface ChatEraseReport {
  chatsDeleted: number;
  messagesDeleted: number;
  /**
   * The deleted text is gone from the database file (removed from the search indexes, freed bytes
   * zeroed, write-ahead log checkpointed and emptied). False only when another program was reading
   * the database, so the log could not be emptied; deleting again later finishes the job.
   */
  fileErased: boolean;
}
