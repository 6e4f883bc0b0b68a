import type { Database } from 'better-sqlite3';
import type { MessageSource } from '../../shared/documents.js';
import type { ChatMessage, EnclaveEvent, ModelInfo } from '../../shared/domain.js';
import { type AppError, isModelLoadError } from '../../shared/errors.js';
import { defaultChatTitle, getChat, renameChat, touchChat } from '../db/chats.js';
import {
  finishMessage,
  insertMessage,
  listMessages,
  type MessageOutcome,
  updateMessageContent,
} from '../db/messages.js';
import { markCitedSources, saveMessageSources } from '../db/messageSources.js';
import { EnclaveError, toAppError } from '../errors.js';
import type { GenerationResult } from '../llm/host/protocol.js';
import type { ChatProvider, ProviderTurn } from '../llm/provider.js';
import { resolveCitations } from './citations.js';
import { groundedSystemPrompt } from './groundedPrompt.js';
import type { ReplyPlan } from './replyPlan.js';

export interface GenerationSettings {
  maxTokens: number;
  temperature: number;
}

export interface ChatServiceDeps {
  db: Database;
  provider: ChatProvider;
  emit: (event: EnclaveEvent) => void;
  generation: GenerationSettings;
  /** How often streamed text is saved, so a crash loses at most this much of a reply. */
  flushIntervalMs?: number;
  /**
   * The document passages for a question in a chat, numbered for citing; null when the chat has no
   * collections attached (an ordinary chat).
   */
  sourcesFor?: ((chatId: string, question: string) => Promise<MessageSource[] | null>) | undefined;
}

export interface SentMessage {
  userMessage: ChatMessage;
  assistantMessage: ChatMessage;
  /** Settles with the stored assistant message once the reply ends, however it ends. */
  completion: Promise<ChatMessage>;
}

interface ActiveGeneration {
  controller: AbortController;
  completion: Promise<ChatMessage>;
}

const titleLength = 60;

/** Errors that cut a reply short without it being the reply's fault: the text so far is kept as interrupted. */
const interruptingErrors = new Set(['model-host-crashed', 'remote-stream-cut', 'remote-timeout']);

/**
 * Sends a user message and streams the reply into the database: the user message is stored first,
 * the reply row exists from its first moment (status `streaming`), its text is saved as it grows,
 * and it always ends as complete, interrupted (stopped, cut off, or the model process died) or error.
 */
export class ChatService {
  private readonly active = new Map<string, ActiveGeneration>();
  /** Chats whose send is being prepared (retrieval, checks) and must not take a second message yet. */
  private readonly preparing = new Set<string>();

  constructor(private readonly deps: ChatServiceDeps) {}

  /** Sends to a local catalog model. */
  send(chatId: string, model: ModelInfo, content: string): SentMessage {
    return this.start(chatId, content, this.localPlan(model));
  }

  /** The plan for a local reply; `sources` and `routeReason` when the send was prepared (routing) first. */
  localPlan(model: ModelInfo, prepared?: { sources: MessageSource[] | null; routeReason: string }): ReplyPlan {
    const { provider, generation } = this.deps;
    return {
      provider: 'local',
      localModel: model,
      modelName: model.name,
      endpointId: null,
      endpointName: null,
      routeReason: prepared?.routeReason ?? null,
      redactions: [],
      sources: prepared ? prepared.sources : 'retrieve',
      turns: null,
      restorer: null,
      restoreText: null,
      stream: (turns, events, signal) =>
        provider.streamChat({ model, turns, maxTokens: generation.maxTokens, temperature: generation.temperature }, events, signal),
    };
  }

  /**
   * Holds the chat while `prepare` works out how to send (retrieval, routing, DLP), then starts the
   * reply with the plan it returns. A second message meanwhile is refused as busy.
   */
  async sendPrepared(chatId: string, content: string, prepare: (history: ProviderTurn[]) => Promise<ReplyPlan>): Promise<SentMessage> {
    getChat(this.deps.db, chatId);
    this.assertIdle(chatId);
    this.preparing.add(chatId);
    try {
      const history = historyFor(listMessages(this.deps.db, chatId), null);
      const plan = await prepare([...history, { role: 'user', content }]);
      this.preparing.delete(chatId);
      return this.start(chatId, content, plan);
    } finally {
      this.preparing.delete(chatId);
    }
  }

  /** The passages for a question, or null for a chat without collections. */
  findSources(chatId: string, question: string): Promise<MessageSource[] | null> {
    return this.deps.sourcesFor?.(chatId, question) ?? Promise.resolve(null);
  }

  /** Stops the reply being written in a chat; the text so far is kept and marked interrupted. */
  stop(chatId: string): boolean {
    const generation = this.active.get(chatId);
    generation?.controller.abort();
    return generation !== undefined;
  }

  isGenerating(chatId: string): boolean {
    return this.active.has(chatId);
  }

  /** Stops every reply and waits until each is stored, for a clean shutdown. */
  async stopAll(): Promise<void> {
    const completions = [...this.active.values()].map((generation) => {
      generation.controller.abort();
      return generation.completion.catch(() => undefined);
    });
    await Promise.all(completions);
  }

  private assertIdle(chatId: string): void {
    if (this.active.has(chatId) || this.preparing.has(chatId)) {
      throw new EnclaveError('busy', 'This chat is still writing a reply. Stop it or wait for it to finish.');
    }
  }

  private start(chatId: string, content: string, plan: ReplyPlan): SentMessage {
    const { db } = this.deps;
    const chat = getChat(db, chatId);
    this.assertIdle(chatId);
    const { userMessage, assistantMessage } = db.transaction(() => {
      const userMessage = insertMessage(db, { chatId, role: 'user', content, status: 'complete' });
      const assistantMessage = insertMessage(db, {
        chatId,
        role: 'assistant',
        content: '',
        status: 'streaming',
        modelId: plan.localModel?.id ?? null,
        modelName: plan.modelName,
        provider: plan.provider,
        endpointId: plan.endpointId,
        endpointName: plan.endpointName,
        routeReason: plan.routeReason,
        redactions: plan.redactions,
      });
      if (Array.isArray(plan.sources)) saveMessageSources(db, assistantMessage.id, plan.sources);
      if (chat.title === defaultChatTitle) renameChat(db, chatId, titleFrom(content));
      touchChat(db, chatId);
      return { userMessage, assistantMessage };
    })();

    const controller = new AbortController();
    // A prepared plan carries its turns; only a plain local send reads the history here.
    const history = plan.turns ? [] : historyFor(listMessages(db, chatId), assistantMessage.id);
    this.deps.emit({ type: 'chats.changed' });
    this.deps.emit({ type: 'generation.started', chatId, messageId: assistantMessage.id, modelId: plan.localModel?.id ?? plan.modelName });
    if (Array.isArray(plan.sources)) {
      this.deps.emit({ type: 'generation.sources', chatId, messageId: assistantMessage.id, sources: plan.sources });
    }
    const completion = this.generate(assistantMessage, plan, history, content, controller.signal).finally(() =>
      this.active.delete(chatId),
    );
    this.active.set(chatId, { controller, completion });
    return { userMessage, assistantMessage, completion };
  }

  private async generate(
    message: ChatMessage,
    plan: ReplyPlan,
    history: ProviderTurn[],
    question: string,
    signal: AbortSignal,
  ): Promise<ChatMessage> {
    const { db, emit } = this.deps;
    const { chatId, id: messageId } = message;
    const model = plan.localModel;
    const restorer = plan.restorer?.();
    let text = '';
    let dirty = false;
    const flush = setInterval(() => {
      if (!dirty) return;
      dirty = false;
      updateMessageContent(db, messageId, text);
    }, this.deps.flushIntervalMs ?? 250);

    let outcome: MessageOutcome;
    let sources: MessageSource[] | null = Array.isArray(plan.sources) ? plan.sources : null;
    let result: GenerationResult | null = null;
    const show = (chunk: string) => {
      if (!chunk) return;
      text += chunk;
      dirty = true;
      emit({ type: 'generation.token', chatId, messageId, text: chunk });
    };
    try {
      if (plan.sources === 'retrieve') sources = await this.retrieve(message, question);
      const turns = plan.turns ?? (sources ? withGrounding(history, groundedSystemPrompt(sources)) : history);
      result = await plan.stream(
        turns,
        {
          onText: (chunk) => show(restorer ? restorer.push(chunk) : chunk),
          onModelLoading: (progress) => model && emit({ type: 'model.loading', modelId: model.id, progress }),
          onModelLoaded: (info) => emit({ type: 'model.loaded', info }),
        },
        signal,
      );
      if (restorer) show(restorer.flush());
      outcome = outcomeOf(result, text, plan.restoreText);
    } catch (error) {
      if (restorer) show(restorer.flush());
      outcome = failureOutcome(toAppError(error), text);
      if (model && outcome.error && isModelLoadError(outcome.error.code)) {
        emit({ type: 'model.load-failed', modelId: model.id, error: outcome.error });
      }
    } finally {
      clearInterval(flush);
    }
    if (sources) outcome = this.checkCitations(message.id, outcome, sources.length);
    const stored = this.store(message, outcome);
    plan.onFinished?.(stored, result);
    // Free the chat before announcing the end, so a next message sent on that event is not refused as busy.
    this.active.delete(chatId);
    emit({
      type: 'generation.finished',
      chatId,
      messageId,
      status: outcome.status,
      error: outcome.error,
      stats: outcome.stats,
    });
    return stored;
  }

  /** Finds and stores the passages for a grounded answer, and tells every window which they are. */
  private async retrieve(message: ChatMessage, question: string): Promise<MessageSource[] | null> {
    const sources = await this.findSources(message.chatId, question);
    if (sources) {
      saveMessageSources(this.deps.db, message.id, sources);
      this.deps.emit({ type: 'generation.sources', chatId: message.chatId, messageId: message.id, sources });
    }
    return sources;
  }

  /** Drops citations of passages the model was not given and records which given ones it cites. */
  private checkCitations(messageId: string, outcome: MessageOutcome, sourceCount: number): MessageOutcome {
    const { text, cited } = resolveCitations(outcome.content, sourceCount);
    try {
      markCitedSources(this.deps.db, messageId, cited);
    } catch {
      // Which sources are cited is a convenience; the reply itself is saved next, or reported.
    }
    return { ...outcome, content: text };
  }

  /**
   * Saves how the reply ended. If even that write fails (disk full), the row stays `streaming` and is
   * marked interrupted at the next start; the caller still gets the outcome, never an unhandled error.
   */
  private store(message: ChatMessage, outcome: MessageOutcome): ChatMessage {
    try {
      const stored = finishMessage(this.deps.db, message.id, outcome);
      touchChat(this.deps.db, message.chatId);
      return stored;
    } catch (error) {
      const failure = toAppError(error);
      outcome.error ??= { code: 'io-error', message: `The reply could not be saved: ${failure.message}` };
      return { ...message, content: outcome.content, status: outcome.status, error: outcome.error };
    }
  }
}

function outcomeOf(result: GenerationResult, streamed: string, restore: ((text: string) => string) | null): MessageOutcome {
  // The provider's final text is authoritative; what streamed is the fallback if it is empty.
  const content = result.text ? (restore ? restore(result.text) : result.text) : streamed;
  return {
    content,
    status: result.stopReason === 'aborted' ? 'interrupted' : 'complete',
    error: null,
    stats: {
      tokensIn: result.tokensIn,
      tokensOut: result.tokensOut,
      timeToFirstTokenMs: result.timeToFirstTokenMs,
      durationMs: result.durationMs,
    },
  };
}

/** A dead model process or a cut connection ends a reply early: that is an interruption, the text is kept. */
function failureOutcome(error: AppError, streamed: string): MessageOutcome {
  const status = interruptingErrors.has(error.code) && (error.code === 'model-host-crashed' || streamed.length > 0) ? 'interrupted' : 'error';
  return { content: streamed, status, error, stats: null };
}

/**
 * The conversation the model reads: every earlier message with text, in order. Failed and empty
 * replies are left out so an error never becomes part of what the model imitates.
 */
function historyFor(messages: ChatMessage[], replyId: string | null): ProviderTurn[] {
  return messages
    .filter((message) => message.id !== replyId && message.content.length > 0 && message.status !== 'error')
    .map((message) => ({ role: message.role, content: message.content }));
}

/** The grounding instructions and passages as the system turn, after any system prompt already there. */
export function withGrounding(turns: ProviderTurn[], grounding: string): ProviderTurn[] {
  const [first, ...rest] = turns;
  if (first?.role === 'system') return [{ role: 'system', content: `${first.content}\n\n${grounding}` }, ...rest];
  return [{ role: 'system', content: grounding }, ...turns];
}

function titleFrom(content: string): string {
  const line = content.replace(/\s+/g, ' ').trim();
  return line.length <= titleLength ? line : `${line.slice(0, titleLength - 1)}…`;
}
