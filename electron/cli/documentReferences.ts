/** How the documents commands find what a user names: collections by name or id, embedding models by id or path. */
import { EnclaveError } from '../core/errors.js';
import type { CollectionInfo } from '../shared/documents.js';
import type { ModelInfo } from '../shared/domain.js';
import { printNotice } from './output.js';
import type { Session } from './session.js';

/** Where `docs add` puts files when no `--collection` is given. */
export const defaultCollectionName = 'Documents';

/** A collection by name or id; a name that matches none is an error that says where to look. */
export function findCollection(session: Session, reference: string): CollectionInfo {
  const found = session.documents().findCollection(reference);
  if (!found) {
    throw new EnclaveError('not-found', `No collection "${reference}". See "enclave collections list" for the names.`);
  }
  return found;
}

/** The collection to import into: the one named (or "Documents"), created if it does not exist yet, saying so. */
export async function collectionForImport(session: Session, reference: string | undefined): Promise<CollectionInfo> {
  const name = reference ?? defaultCollectionName;
  const found = session.documents().findCollection(name);
  if (found) return found;
  const created = await session.request('collections.create', { name });
  printNotice(`created the collection "${created.name}".`);
  return created;
}

/**
 * The collections to search: those named, or every collection except the ones holding files
 * dropped into a single chat (those belong to that chat's conversation).
 */
export async function collectionsToSearch(session: Session, references: readonly string[]): Promise<CollectionInfo[]> {
  if (references.length > 0) return references.map((reference) => findCollection(session, reference));
  const collections = await session.request('collections.list', {});
  return collections.filter((collection) => collection.chatId === null);
}

/**
 * `--embedding-model <id|path>`: this process embeds with that model instead of the one in settings,
 * without changing them. A path outside the catalog is registered (linked in place), as `chat --model` does.
 */
export async function useEmbeddingModelOption(session: Session, reference: string | undefined): Promise<ModelInfo | null> {
  if (reference === undefined) return null;
  const model = await session.registry().resolveForLoad(reference);
  session.documents().useEmbeddingModel(model.id);
  return model;
}

/** A model's name for people, or its id when it is no longer in the catalog. */
export function modelName(session: Session, modelId: string): string {
  try {
    return session.registry().get(modelId).name;
  } catch {
    return `${modelId} (not in the catalog)`;
  }
}
