import { EnclaveError } from '../../core/errors.js';
import type { CollectionInfo, DocumentInfo } from '../../shared/documents.js';
import { parseCommand } from '../args.js';
import { findCollection, modelName } from '../documentReferences.js';
import { exitCodes, UsageError } from '../errors.js';
import { formatBytes, printJson, printTable } from '../output.js';
import { type Session, withSession } from '../session.js';
import { docsUsage } from '../usage.js';
import type { Command, CommandContext } from './context.js';
import { addDocuments } from './docsAdd.js';
import { runSubcommand } from './subcommands.js';

const subcommands: Record<string, Command> = {
  add: addDocuments,
  list: listDocuments,
  remove: removeDocuments,
};

/** `enclave docs <subcommand>`: the documents the app's collections hold, from a terminal. */
export function docsCommand(context: CommandContext): Promise<number> {
  return runSubcommand('docs', subcommands, context, docsUsage);
}

interface ListedDocument extends DocumentInfo {
  collectionName: string;
}

async function listDocuments(context: CommandContext): Promise<number> {
  const options = { collection: { type: 'string' }, json: { type: 'boolean' } } as const;
  const { values, positionals } = parseCommand(context.args, options, docsUsage);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, docsUsage);
  const { documents, embeddingNames } = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, async (session) => {
    const collections =
      values.collection === undefined ? await session.request('collections.list', {}) : [findCollection(session, values.collection)];
    const listed = await documentsIn(session, collections);
    const modelIds = new Set(listed.map((document) => document.embeddingModelId).filter((id) => id !== null));
    return { documents: listed, embeddingNames: new Map([...modelIds].map((id) => [id, modelName(session, id)])) };
  });
  if (values.json) printJson(documents);
  else printDocuments(documents, embeddingNames, values.collection !== undefined);
  return exitCodes.ok;
}

async function documentsIn(session: Session, collections: readonly CollectionInfo[]): Promise<ListedDocument[]> {
  const listed: ListedDocument[] = [];
  for (const collection of collections) {
    const documents = await session.request('documents.list', { collectionId: collection.id });
    listed.push(...documents.map((document) => ({ ...document, collectionName: collection.name })));
  }
  return listed;
}

function printDocuments(documents: readonly ListedDocument[], embeddingNames: ReadonlyMap<string, string>, oneCollection: boolean): void {
  if (documents.length === 0) {
    const where = oneCollection ? 'in this collection' : 'yet';
    process.stdout.write(`No documents ${where}. Add some with: enclave docs add <files or folders...> [--collection <name>]\n`);
    return;
  }
  printTable(
    ['ID', 'COLLECTION', 'STATUS', 'PAGES', 'CHUNKS', 'SIZE', 'EMBEDDING MODEL', 'FILE'],
    documents.map((document) => [
      document.id,
      document.collectionName,
      document.status,
      document.pageCount === null ? '-' : String(document.pageCount),
      String(document.chunkCount),
      formatBytes(document.sizeBytes),
      embeddingText(document, embeddingNames),
      document.fileName,
    ]),
  );
  const failed = documents.filter((document) => document.error !== null);
  if (failed.length > 0) {
    process.stdout.write('\nNot indexed:\n');
    for (const document of failed) process.stdout.write(`  ${document.fileName} (${document.id}): ${document.error?.message}\n`);
  }
  // What is worth knowing about documents indexed all the same: unreadable pages, a copy restriction.
  const noted = documents.filter((document) => document.notices.length > 0);
  if (noted.length > 0) {
    process.stdout.write('\nNotes:\n');
    for (const document of noted) {
      for (const notice of document.notices) process.stdout.write(`  ${document.fileName} (${document.id}): ${notice}\n`);
    }
  }
}

/** The model a document's vectors come from; a document not indexed has none to speak of. */
function embeddingText(document: DocumentInfo, embeddingNames: ReadonlyMap<string, string>): string {
  if (document.status !== 'ready') return '-';
  if (document.embeddingModelId === null) return 'none (keywords only)';
  return embeddingNames.get(document.embeddingModelId) ?? document.embeddingModelId;
}

/** `enclave docs remove <document-id...>`: every id is checked before any document is removed. */
async function removeDocuments(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, { json: { type: 'boolean' } }, docsUsage);
  if (positionals.length === 0) throw new UsageError('missing argument: enclave docs remove <document-id...>', docsUsage);
  const removed = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, async (session) => {
    const everything = await documentsIn(session, await session.request('collections.list', {}));
    const byId = new Map(everything.map((document) => [document.id, document]));
    const chosen = [...new Set(positionals)].map((documentId) => {
      const document = byId.get(documentId);
      if (!document) throw new EnclaveError('not-found', `No document with id ${documentId}. See "enclave docs list" for the ids.`);
      return document;
    });
    for (const document of chosen) await session.request('documents.remove', { documentId: document.id });
    return chosen;
  });
  if (values.json) printJson(removed.map((document) => ({ documentId: document.id, fileName: document.fileName })));
  else {
    for (const document of removed) {
      process.stdout.write(`Removed ${document.fileName} (${document.id}) from "${document.collectionName}"; the file itself was not touched.\n`);
    }
  }
  return exitCodes.ok;
}
