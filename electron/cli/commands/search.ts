import type { MessageSearchHit, SnippetSegment } from '../../shared/history.js';
import { maxSearchResults } from '../../shared/history.js';
import { integerInRange, parseCommand } from '../args.js';
import { findCollection } from '../documentReferences.js';
import { exitCodes, UsageError } from '../errors.js';
import { formatTime, isTerminal, printJson, printUsage } from '../output.js';
import { withSession } from '../session.js';
import { searchUsage } from '../usage.js';
import type { CommandContext } from './context.js';

const searchOptions = {
  since: { type: 'string' },
  until: { type: 'string' },
  model: { type: 'string' },
  collection: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/**
 * `enclave search <query...>`: full-text search over every chat, best match first, each hit with its
 * chat, who wrote it, when, and the words around the match (highlighted at a terminal).
 */
export async function searchCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, searchOptions, searchUsage);
  if (values.help) return printUsage(searchUsage);
  const query = positionals.join(' ').trim();
  if (query.length === 0) throw new UsageError('missing query: enclave search <query...>', searchUsage);
  const limit = integerInRange('limit', values.limit, 1, maxSearchResults, searchUsage) ?? 20;
  const since = values.since === undefined ? null : startOfDay('since', values.since);
  // --until names the last day included: messages before the start of the next one.
  const until = values.until === undefined ? null : startOfDay('until', values.until, 1);
  const result = await withSession({ dataDir: values['data-dir'] ?? context.dataDir }, (session) => {
    session.requireDatabase();
    const collectionId = values.collection === undefined ? null : findCollection(session, values.collection).id;
    return session.request('chats.search', { query, limit, since, until, modelName: values.model ?? null, collectionId });
  });
  if (values.json) printJson(result);
  else if (result.hits.length === 0) process.stdout.write(`No message matches "${query}".\n`);
  else {
    result.hits.forEach((hit, index) => printHit(hit, index + 1));
    if (result.hasMore) process.stdout.write(`\nMore messages match: narrow the search, or show more with --limit (up to ${maxSearchResults}).\n`);
  }
  return exitCodes.ok;
}

function printHit(hit: MessageSearchHit, number: number): void {
  const author = hit.role === 'assistant' ? `assistant (${hit.modelName ?? 'unknown model'})` : hit.role === 'user' ? 'you' : hit.role;
  if (number > 1) process.stdout.write('\n');
  process.stdout.write(`${number}. ${hit.chatTitle} · ${author} · ${formatTime(hit.createdAt)}\n`);
  process.stdout.write(`   ${snippetLine(hit.snippet, isTerminal(process.stdout))}\n`);
  process.stdout.write(`   chat ${hit.chatId} · message ${hit.messageId}\n`);
}

/** The snippet on one line; at a terminal the matched words in bold (never in a pipe or a file). */
export function snippetLine(segments: readonly SnippetSegment[], highlight: boolean): string {
  return segments
    .map((segment) => {
      const text = segment.text.replace(/\s+/g, ' ');
      return segment.match && highlight ? `\x1b[1m${text}\x1b[22m` : text;
    })
    .join('')
    .trim();
}

/** Local midnight of a YYYY-MM-DD date (plus `addDays`), or a usage error naming the option. */
function startOfDay(option: string, raw: string, addDays = 0): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw.trim());
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const date = new Date(year, month - 1, day);
  if (!match || date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) {
    throw new UsageError(`--${option} must be a date written YYYY-MM-DD, not "${raw}"`, searchUsage);
  }
  date.setDate(date.getDate() + addDays);
  return date.getTime();
}
