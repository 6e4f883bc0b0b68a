import type { CollectionInfo } from '../../shared/documents.js';
import { expectOperands, parseCommand } from '../args.js';
import { findCollection } from '../documentReferences.js';
import { exitCodes, UsageError } from '../errors.js';
import { formatTime, printJson, printTable, printUsage, yesNo } from '../output.js';
import { withSession } from '../session.js';
import { collectionsUsage } from '../usage.js';
import type { CommandContext } from './context.js';

/**
 * `enclave collections list|add|rename|remove|confidential`: the named sets of documents a chat can be
 * attached to; a confidential one keeps its chats on local models.
 */
export async function collectionsCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, { json: { type: 'boolean' } }, collectionsUsage);
  if (values.help) return printUsage(collectionsUsage);
  const [action, ...operands] = positionals;
  const options = { dataDir: values['data-dir'] ?? context.dataDir };
  const print = (collection: CollectionInfo, text: string) => (values.json ? printJson(collection) : process.stdout.write(`${text}\n`));
  switch (action) {
    case 'list': {
      expectOperands(operands, 0, 0, 'collections list', collectionsUsage);
      const collections = await withSession(options, (session) => session.request('collections.list', {}));
      if (values.json) printJson(collections);
      else printCollections(collections);
      return exitCodes.ok;
    }
    case 'add': {
      const [name = ''] = expectOperands(operands, 1, 1, 'collections add <name>', collectionsUsage);
      const created = await withSession(options, (session) => session.request('collections.create', { name }));
      const next = `Add files with: enclave docs add <files...> --collection "${created.name}"`;
      print(created, `Created the collection "${created.name}" (${created.id}). ${next}`);
      return exitCodes.ok;
    }
    case 'rename': {
      const [reference = '', name = ''] = expectOperands(operands, 2, 2, 'collections rename <name|id> <new-name>', collectionsUsage);
      const { before, renamed } = await withSession(options, async (session) => {
        const found = findCollection(session, reference);
        return { before: found, renamed: await session.request('collections.rename', { collectionId: found.id, name }) };
      });
      print(renamed, `Renamed the collection "${before.name}" to "${renamed.name}".`);
      return exitCodes.ok;
    }
    case 'remove': {
      const [reference = ''] = expectOperands(operands, 1, 1, 'collections remove <name|id>', collectionsUsage);
      const removed = await withSession(options, async (session) => {
        const found = findCollection(session, reference);
        await session.request('collections.delete', { collectionId: found.id });
        return found;
      });
      const documents = removed.documentCount === 1 ? '1 document' : `${removed.documentCount} documents`;
      print(removed, `Removed the collection "${removed.name}" and the index of its ${documents}; the files themselves were not touched.`);
      return exitCodes.ok;
    }
    case 'confidential': {
      const [reference = '', setting = ''] = expectOperands(operands, 2, 2, 'collections confidential <name|id> on|off', collectionsUsage);
      const confidential = onOffWord(setting);
      const updated = await withSession(options, async (session) => {
        const found = findCollection(session, reference);
        return session.request('collections.setConfidential', { collectionId: found.id, confidential });
      });
      const effect = confidential
        ? 'chats over it are answered by a local model only (unless the machine policy says otherwise: enclave policy).'
        : 'chats over it may use a remote endpoint where the machine policy allows.';
      print(updated, `The collection "${updated.name}" is ${confidential ? 'now' : 'no longer'} confidential: ${effect}`);
      return exitCodes.ok;
    }
    case undefined:
      throw new UsageError('missing subcommand: list, add, rename, remove or confidential', collectionsUsage);
    default:
      throw new UsageError(`unknown subcommand "collections ${action}"`, collectionsUsage);
  }
}

function onOffWord(raw: string): boolean {
  const word = raw.trim().toLowerCase();
  if (word === 'on') return true;
  if (word === 'off') return false;
  throw new UsageError(`"collections confidential" takes on or off, not "${raw}"`, collectionsUsage);
}

function printCollections(collections: readonly CollectionInfo[]): void {
  if (collections.length === 0) {
    process.stdout.write('No collections yet. Create one with: enclave collections add <name>, or add files with: enclave docs add <files...>\n');
    return;
  }
  printTable(
    ['ID', 'DOCUMENTS', 'CREATED', 'CONFIDENTIAL', 'NAME'],
    collections.map((collection) => [
      collection.id,
      String(collection.documentCount),
      formatTime(collection.createdAt),
      yesNo(collection.confidential),
      collection.chatId === null ? collection.name : `${collection.name} (files dropped into chat ${collection.chatId})`,
    ]),
  );
}
