import type { DocumentHit } from '../../shared/documents.js';
import { integerInRange, parseCommand } from '../args.js';
import { collectionsToSearch, useEmbeddingModelOption } from '../documentReferences.js';
import { excerptLines, passageLocation } from '../documentText.js';
import { exitCodes, UsageError } from '../errors.js';
import { printJson, printUsage } from '../output.js';
import { withSession } from '../session.js';
import { searchDocsUsage } from '../usage.js';
import type { CommandContext } from './context.js';

const searchOptions = {
  collection: { type: 'string', multiple: true },
  'top-k': { type: 'string' },
  'embedding-model': { type: 'string' },
  json: { type: 'boolean' },
} as const;

/**
 * `enclave search-docs <query...>`: the passages a question would be given, best first, with the
 * same hybrid search (keywords and meaning) and relevance floor a grounded chat uses.
 */
export async function searchDocsCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, searchOptions, searchDocsUsage);
  if (values.help) return printUsage(searchDocsUsage);
  const query = positionals.join(' ').trim();
  if (query.length === 0) throw new UsageError('missing query: enclave search-docs <query...>', searchDocsUsage);
  const topK = integerInRange('top-k', values['top-k'], 1, 50, searchDocsUsage);
  const { hits, searched } = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, async (session) => {
    const collections = await collectionsToSearch(session, values.collection ?? []);
    await useEmbeddingModelOption(session, values['embedding-model']);
    const collectionIds = collections.map((collection) => collection.id);
    if (collectionIds.length === 0) return { hits: [], searched: 0 };
    const found = await session.request('documents.search', { query, collectionIds, ...(topK === undefined ? {} : { topK }) });
    return { hits: found, searched: collections.length };
  });
  if (values.json) printJson(hits);
  else if (searched === 0) process.stdout.write('No collections to search yet. Add documents with: enclave docs add <files or folders...>\n');
  else if (hits.length === 0) process.stdout.write(`No passage matches "${query}" closely enough.\n`);
  else printHits(hits);
  return exitCodes.ok;
}

function printHits(hits: readonly DocumentHit[]): void {
  hits.forEach((hit, index) => {
    if (index > 0) process.stdout.write('\n');
    process.stdout.write(`${index + 1}. ${passageLocation(hit)}  (score ${hit.score.toFixed(2)}, document ${hit.documentId})\n`);
    for (const line of excerptLines(hit.text)) process.stdout.write(`   ${line}\n`);
  });
}
