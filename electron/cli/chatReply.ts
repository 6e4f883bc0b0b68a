/** Sending a message and streaming the reply to a terminal: shared by `enclave chat` and `enclave ask`. */
import type { ChatService, ReplyListener, SentMessage } from '../core/chat/chatService.js';
import { EnclaveError } from '../core/errors.js';
import type { MessageSource } from '../shared/documents.js';
import type { ChatMessage, ModelInfo } from '../shared/domain.js';
import { replyEndingOf } from '../shared/replies.js';
import { positiveInteger, temperature } from './args.js';
import { CitationStream } from './citationStream.js';
import { exitCodes, UsageError } from './errors.js';
import { handleInterrupts } from './interrupt.js';
import { loadProgressLine, printNotice } from './output.js';
import type { Session, SessionOptions } from './session.js';

/** The options that shape a reply, the same for every command that writes one. */
export const generationOptions = {
  model: { type: 'string' },
  chat: { type: 'string' },
  threads: { type: 'string' },
  'context-size': { type: 'string' },
  'max-tokens': { type: 'string' },
  temperature: { type: 'string' },
} as const;

type GenerationValues = { [K in keyof typeof generationOptions]?: string | undefined } & { 'data-dir'?: string | undefined };

export function generationSessionOptions(values: GenerationValues, dataDir: string | undefined, usage: string): SessionOptions {
  return {
    dataDir: values['data-dir'] ?? dataDir,
    threads: positiveInteger('threads', values.threads, usage),
    contextSize: positiveInteger('context-size', values['context-size'], usage),
    maxTokens: positiveInteger('max-tokens', values['max-tokens'], usage),
    temperature: temperature(values.temperature, usage),
  };
}

/**
 * `--model` if given; else the catalog's only model, not counting the embedding model documents use
 * (it cannot be the one meant for chatting); with several, the user has to say which.
 */
export async function chooseChatModel(session: Session, reference: string | undefined, usage: string): Promise<ModelInfo> {
  if (reference !== undefined) return session.registry().resolveForLoad(reference);
  const catalog = await session.request('models.list', {});
  const embeddingModelId = session.core.documents?.embeddingModelId() ?? null;
  const candidates = catalog.models.filter((model) => model.id !== embeddingModelId);
  const [only, ...others] = candidates;
  if (only && others.length === 0) return session.registry().resolveForLoad(only.id);
  if (!only) {
    const embeddingOnly = catalog.models.length > 0 ? ' The only model there is the embedding model for documents.' : '';
    const add = 'Add one with "enclave models add <file.gguf>" or pass --model <path>.';
    throw new EnclaveError('model-not-selected', `No models to chat with in ${catalog.folders.join(' or ')}.${embeddingOnly} ${add}`);
  }
  const choices = candidates.map((model) => `  ${model.id}  ${model.name}`).join('\n');
  throw new UsageError(`several models are available; choose one with --model <id|path|name>:\n${choices}`, usage);
}

/** The chat `--chat` names (it must exist), or a new one. */
export async function openChat(session: Session, chatId: string | undefined): Promise<string> {
  return chatId ? (await session.request('chats.get', { chatId })).chat.id : (await session.request('chats.create', {})).id;
}

export interface StreamedReply {
  /** The reply as stored: final text, status and error. */
  reply: ChatMessage;
  /** Whether Ctrl-C stopped it. */
  stoppedByUser: boolean;
}

/**
 * Streams the reply to stdout from its own stream (shared/replies.ts). Ctrl-C stops the generation
 * through core, which stores the text so far as stopped; a second Ctrl-C quits at once (the next
 * start marks the reply interrupted). A grounded reply is printed through the same citation check
 * core stores it with.
 */
export function streamReply(session: Session, chatId: string, model: ModelInfo, prompt: string, display: ReplyDisplay = {}): Promise<StreamedReply> {
  const chatService = requireChatService(session);
  return streamStartedReply(session, chatId, (onEvent) => chatService.send(chatId, model, prompt, { onEvent }), display);
}

/** How a reply is printed besides its answer. */
export interface ReplyDisplay {
  /** Print a reasoning model's thoughts, on stderr (`--show-thinking`): stdout stays the answer alone. */
  showThinking?: boolean | undefined;
}

/**
 * Streams a reply `start` begins, handing it the listener of the reply's stream: a local send, or a
 * remote one (which core may refuse before anything is stored: policy, DLP, or route to a local model
 * instead). Loading progress is shown whenever the reply turns out to come from a local model.
 */
export async function streamStartedReply(
  session: Session,
  chatId: string,
  start: (onEvent: ReplyListener) => SentMessage | Promise<SentMessage>,
  display: ReplyDisplay = {},
): Promise<StreamedReply> {
  const chatService = requireChatService(session);
  let progress = null as ReturnType<typeof loadProgressLine> | null;
  let citations = null as CitationStream | null;
  let lastWritten = '';
  // Thoughts go to stderr, ended with a line break before the answer starts, so each reads on its own lines.
  let thoughtOpen = false;
  const endThought = () => {
    if (thoughtOpen) process.stderr.write('\n');
    thoughtOpen = false;
  };
  const write = (text: string) => {
    if (text.length === 0) return;
    endThought();
    process.stdout.write(text);
    lastWritten = text;
  };
  // Quitting at once (a second Ctrl-C, SIGTERM, a closed pipe) first saves what was printed.
  const interrupts = handleInterrupts(() => chatService.stop(chatId), { saveProgress: () => chatService.saveProgress() });
  const onEvent: ReplyListener = (event) => {
    if (event.type === 'accepted') {
      // Ctrl-C while a remote send was still being prepared (checks, retrieval) had nothing to stop yet.
      if (interrupts.interrupted()) chatService.stop(chatId);
      const { provider, modelId, modelName } = event.assistantMessage;
      if (provider === 'local' && modelId !== null) progress = loadProgressLine(modelName ?? modelId);
    } else if (event.type === 'state') {
      // Starting the model process takes a while before the first progress report: say so at once.
      if (event.state.phase === 'queued' || event.state.phase === 'loading') progress?.update(event.state.phase === 'loading' ? event.state.progress : 0);
      else progress?.clear();
    } else if (event.type === 'sources') {
      citations = new CitationStream(event.sources.length);
    } else if (event.type === 'text') {
      progress?.clear();
      write(citations ? citations.push(event.text) : event.text);
    } else if (event.type === 'thought' && display.showThinking) {
      progress?.clear();
      process.stderr.write(event.text);
      thoughtOpen = !event.text.endsWith('\n');
    }
  };
  let reply: ChatMessage;
  try {
    reply = await (await start(onEvent)).completion;
  } finally {
    interrupts.dispose();
    progress?.clear();
    write(citations?.end() ?? '');
    endThought();
    if (lastWritten.length > 0 && !lastWritten.endsWith('\n')) process.stdout.write('\n');
  }
  return { reply, stoppedByUser: interrupts.interrupted() };
}

function requireChatService(session: Session): ChatService {
  const { chatService } = session.core;
  if (!chatService) throw new EnclaveError('database-unavailable', 'The database is not open.');
  return chatService;
}

/** The passages a stored reply was given, with which of them it cites. */
export async function replySources(session: Session, chatId: string, messageId: string): Promise<MessageSource[]> {
  const { messages } = await session.request('chats.get', { chatId });
  return messages.find((message) => message.id === messageId)?.sources ?? [];
}

/** The exit code for how a reply ended, with a line on stderr unless it is complete. */
export function reportOutcome({ reply }: StreamedReply): number {
  const ending = replyEndingOf(reply);
  // A reply at its token limit is complete: what the model wrote within the limit the user set.
  if (ending === 'complete' || ending === 'token-limit') return exitCodes.ok;
  if (ending === 'stopped') {
    printNotice(reply.content.length > 0 ? 'stopped; the reply so far is saved.' : 'stopped before the model wrote anything.');
    return exitCodes.interrupted;
  }
  printNotice(reply.error?.message ?? `the reply ended as ${reply.status}.`);
  return exitCodes.failure;
}
