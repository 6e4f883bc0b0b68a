import { EnclaveError } from '../../core/errors.js';
import type { ChatMessage, ModelInfo } from '../../shared/domain.js';
import { parseCommand, positiveInteger, temperature } from '../args.js';
import { exitCodes, UsageError } from '../errors.js';
import { loadProgressLine, printNotice } from '../output.js';
import { type Session, withSession } from '../session.js';
import { chatUsage } from '../usage.js';
import type { CommandContext } from './context.js';

const chatOptions = {
  model: { type: 'string' },
  chat: { type: 'string' },
  threads: { type: 'string' },
  'context-size': { type: 'string' },
  'max-tokens': { type: 'string' },
  temperature: { type: 'string' },
} as const;

/** `enclave chat <prompt>`: sends one message and streams the reply, stored exactly as the app stores it. */
export async function chatCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, chatOptions, chatUsage);
  if (values.help) {
    process.stdout.write(`${chatUsage}\n`);
    return exitCodes.ok;
  }
  const prompt = positionals.join(' ').trim();
  if (prompt.length === 0) throw new UsageError('missing prompt: enclave chat <prompt...>', chatUsage);
  const sessionOptions = {
    dataDir: values['data-dir'] ?? context.dataDir,
    threads: positiveInteger('threads', values.threads, chatUsage),
    contextSize: positiveInteger('context-size', values['context-size'], chatUsage),
    maxTokens: positiveInteger('max-tokens', values['max-tokens'], chatUsage),
    temperature: temperature(values.temperature, chatUsage),
  };
  return withSession(sessionOptions, async (session) => {
    session.requireDatabase();
    // The model host starts while the model is resolved and the chat is prepared.
    session.core.provider.prewarm();
    const model = await chooseModel(session, values.model);
    const chatId = values.chat
      ? (await session.request('chats.get', { chatId: values.chat })).chat.id
      : (await session.request('chats.create', {})).id;
    return streamReply(session, chatId, model, prompt);
  });
}

/** `--model` if given; else the catalog's only model; with several, the user has to say which. */
async function chooseModel(session: Session, reference: string | undefined): Promise<ModelInfo> {
  if (reference !== undefined) return session.registry().resolveForLoad(reference);
  const catalog = await session.request('models.list', {});
  const [only, ...others] = catalog.models;
  if (only && others.length === 0) return session.registry().resolveForLoad(only.id);
  if (!only) {
    throw new EnclaveError(
      'model-not-selected',
      `No models in ${catalog.folders.join(' or ')}. Add one with "enclave models add <file.gguf>" or pass --model <path>.`,
    );
  }
  const choices = catalog.models.map((model) => `  ${model.id}  ${model.name}`).join('\n');
  throw new UsageError(`several models are available; choose one with --model <id|path|name>:\n${choices}`, chatUsage);
}

/**
 * Streams the reply to stdout as core emits it. Ctrl-C stops the generation through core, which stores
 * the text so far as interrupted; a second Ctrl-C quits at once (the next start marks the reply
 * interrupted). The chat id goes to stderr last, so `--chat <id>` can continue the conversation.
 */
async function streamReply(session: Session, chatId: string, model: ModelInfo, prompt: string): Promise<number> {
  const { chatService } = session.core;
  if (!chatService) throw new EnclaveError('database-unavailable', 'The database is not open.');
  const progress = loadProgressLine(model.name);
  let messageId: string | undefined;
  let lastWritten = '';
  const unsubscribe = session.core.subscribe((event) => {
    if (event.type === 'generation.token' && event.messageId === messageId) {
      progress.clear();
      process.stdout.write(event.text);
      if (event.text.length > 0) lastWritten = event.text;
    } else if (event.type === 'model.loading' && event.modelId === model.id) {
      progress.update(event.progress);
    } else if (event.type === 'model.loaded' || event.type === 'model.load-failed') {
      progress.clear();
    }
  });
  let stoppedByUser = false;
  const onInterrupt = () => {
    if (stoppedByUser) process.exit(exitCodes.interrupted);
    stoppedByUser = true;
    chatService.stop(chatId);
  };
  process.on('SIGINT', onInterrupt);
  let reply: ChatMessage;
  try {
    const sent = chatService.send(chatId, model, prompt);
    messageId = sent.assistantMessage.id;
    // Starting the model process takes a while before the first progress report: say so at once.
    progress.update(0);
    reply = await sent.completion;
  } finally {
    process.off('SIGINT', onInterrupt);
    unsubscribe();
    progress.clear();
    if (lastWritten.length > 0 && !lastWritten.endsWith('\n')) process.stdout.write('\n');
  }
  const code = reportOutcome(reply, stoppedByUser);
  process.stderr.write(`chat ${chatId}\n`);
  return code;
}

function reportOutcome(reply: ChatMessage, stoppedByUser: boolean): number {
  if (reply.status === 'complete') return exitCodes.ok;
  if (reply.status === 'interrupted' && stoppedByUser) {
    printNotice('stopped; the reply so far is saved, marked interrupted.');
    return exitCodes.interrupted;
  }
  printNotice(reply.error?.message ?? `the reply ended as ${reply.status}.`);
  return exitCodes.failure;
}
