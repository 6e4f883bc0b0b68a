/**
 * Documents imported through core, and chats whose messages are stored directly rather than written by
 * a model: the generated test models have random weights, so a test (or a README screenshot,
 * scripts/screenshots.ts) that needs a sensible answer stores one, as `chats.send` stores a reply,
 * citing passages a real search found.
 */
import { saveMessageSources } from '../../electron/core/chat/store/messageSources.js';
import { insertMessage } from '../../electron/core/chat/store/messages.js';
import type { Enclave } from '../../electron/core/enclave.js';
import type { DocumentImportEvent, MessageSource } from '../../electron/shared/documents.js';
import type { EnclaveHarness } from './bridge.js';

/** A message to store: a user's question, or an answer with the passages it was given. */
export interface StoredMessage {
  role: 'user' | 'assistant';
  content: string;
  /** The passages the answer was given, numbered as its citation markers count them. */
  sources?: readonly MessageSource[];
  /** When it was written (milliseconds since the epoch); now when absent. */
  at?: number;
}

/** Creates a collection and imports `filePaths` into it through core (granted as main's dialog grants them); resolves with the import's end. */
export async function importIntoNewCollection(
  enclave: EnclaveHarness,
  collectionName: string,
  filePaths: readonly string[],
): Promise<{ collectionId: string; ended: Extract<DocumentImportEvent, { type: 'end' }> }> {
  const { handlers } = enclave.core;
  const collection = await handlers['collections.create']({ name: collectionName });
  const grants = await enclave.grant(filePaths, 'documents');
  const ended = await new Promise<Extract<DocumentImportEvent, { type: 'end' }>>((resolve) => {
    void handlers['documents.importPaths']({ collectionId: collection.id, grants }, (event) => {
      if (event.type === 'end') resolve(event);
    });
  });
  return { collectionId: collection.id, ended };
}

/** Creates a chat titled `title` holding `messages`, complete, in order; resolves with its id. */
export async function storeChat(core: Enclave, title: string, messages: readonly StoredMessage[]): Promise<string> {
  const db = core.db;
  if (!db) throw new Error('core has no database');
  const chat = await core.handlers['chats.create']({ title });
  for (const { role, content, sources, at } of messages) {
    const stored = insertMessage(db, { chatId: chat.id, role, content, status: 'complete' }, at);
    if (sources) saveMessageSources(db, stored.id, sources);
  }
  return chat.id;
}
