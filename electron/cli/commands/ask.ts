import { EnclaveError } from '../../core/errors.js';
import { describePassageFit, type MessageSource } from '../../shared/documents.js';
import { bestMatchingSentence } from '../../shared/passageSnippet.js';
import { parseCommand } from '../args.js';
import {
  chooseChatModel,
  generationOptions,
  generationSessionOptions,
  openChat,
  replySources,
  reportOutcome,
  streamReply,
} from '../chatReply.js';
import { findCollection, useEmbeddingModelOption } from '../documentReferences.js';
import { firstLine, passageLocation } from '../documentText.js';
import { UsageError } from '../errors.js';
import { printUsage } from '../output.js';
import { type Session, withSession } from '../session.js';
import { askUsage } from '../usage.js';
import type { CommandContext } from './context.js';

const askOptions = {
  ...generationOptions,
  collection: { type: 'string', multiple: true },
  'embedding-model': { type: 'string' },
  'show-thinking': { type: 'boolean' },
} as const;

/**
 * `enclave ask --collection <name> <question>`: a chat attached to the collections, the question sent
 * the way `chat` sends it, the answer streamed, then the passages it was given: cited, or also retrieved.
 */
export async function askCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, askOptions, askUsage);
  if (values.help) return printUsage(askUsage);
  const question = positionals.join(' ').trim();
  if (question.length === 0) throw new UsageError('missing question: enclave ask --collection <name> <question...>', askUsage);
  const references = values.collection ?? [];
  if (references.length === 0 && values.chat === undefined) {
    throw new UsageError('which documents? give --collection <name> (several may be given), or --chat <id> of a chat with collections', askUsage);
  }
  return withSession(generationSessionOptions(values, context.dataDir, askUsage), async (session) => {
    session.requireDatabase();
    session.core.provider.prewarm();
    const collectionIds = references.map((reference) => findCollection(session, reference).id);
    await useEmbeddingModelOption(session, values['embedding-model']);
    const model = await chooseChatModel(session, values.model, askUsage);
    const chatId = await openChat(session, values.chat);
    await attachCollections(session, chatId, collectionIds);
    const streamed = await streamReply(session, chatId, model, question, { showThinking: values['show-thinking'] });
    const { reply } = streamed;
    // An answer that never came has no sources: the reason is printed instead (reportOutcome).
    if (!(reply.status === 'error' && reply.content.length === 0)) {
      printSources(await replySources(session, chatId, reply.id), describePassageFit(reply.sources.length, reply.passageFit, reply.contextSize), question);
    }
    const code = reportOutcome(streamed);
    process.stderr.write(`chat ${chatId}\n`);
    return code;
  });
}

/** Attaches the collections named (replacing those a continued chat had); a continued chat may keep its own. */
async function attachCollections(session: Session, chatId: string, collectionIds: readonly string[]): Promise<void> {
  const chat =
    collectionIds.length > 0
      ? await session.request('chats.setCollections', { chatId, collectionIds: [...collectionIds] })
      : (await session.request('chats.get', { chatId })).chat;
  if (chat.collectionIds.length === 0) {
    throw new EnclaveError('invalid-request', `The chat ${chatId} has no collections attached; name them with --collection <name>.`);
  }
}

/**
 * The passages the answer was given, each quoted by its sentence that best matches the question;
 * `fitted` says how they were fitted to the context, if some were left out or cut.
 */
function printSources(sources: readonly MessageSource[], fitted: string | null, question: string): void {
  if (sources.length === 0) {
    process.stdout.write('\nSources: none; no passage of the collections matched the question closely enough.\n');
    return;
  }
  process.stdout.write(fitted === null ? '\nSources:\n' : `\nSources (${fitted}):\n`);
  for (const source of sources) {
    process.stdout.write(`[${source.number}] ${passageLocation(source)}, ${source.cited ? 'cited' : 'also retrieved'}\n`);
    process.stdout.write(`    ${firstLine(bestMatchingSentence(source.text, question))}\n`);
  }
}
