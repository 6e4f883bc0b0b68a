import type { Database } from 'better-sqlite3';
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
import { EnclaveError, toAppError } from '../errors.js';
import type { GenerationResult } from '../llm/host/protocol.js';
import type { ChatProvider, ProviderTurn } from '../llm/provider.js';

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

/**
 * Sends a user message and streams the reply into the database: the user message is stored first,
 * the reply row exists from its first moment (status `streaming`), its text is saved as it grows,
 * and it always ends as complete, interrupted (stopped, or the model process died) or error.
 */
export class ChatService {
  private readonly active = new Map<string, ActiveGeneration>();

  constructor(private readonly deps: ChatServiceDeps) {}

  send(chatId: string, model: ModelInfo, content: string): SentMessage {
    const { db } = this.deps;
    const chat = getChat(db, chatId);
    if (this.active.has(chatId)) {
      throw new EnclaveError('busy', 'This chat is still writing a reply. Stop it or wait for it to finish.');
    }
    const { userMessage, assistantMessage } = db.transaction(() => {
      const userMessage = insertMessage(db, { chatId, role: 'user', content, status: 'complete' });
      const assistantMessage = insertMessage(db, {
        chatId,
        role: 'assistant',
        content: '',
        status: 'streaming',
        modelId: model.id,
        modelName: model.name,
      });
      if (chat.title === defaultChatTitle) renameChat(db, chatId, titleFrom(content));
      touchChat(db, chatId);
      return { userMessage, assistantMessage };
    })();

    const controller = new AbortController();
    const turns = historyFor(listMessages(db, chatId), assistantMessage.id);
    this.deps.emit({ type: 'chats.changed' });
    this.deps.emit({ type: 'generation.started', chatId, messageId: assistantMessage.id, modelId: model.id });
    const completion = this.generate(assistantMessage, model, turns, controller.signal).finally(() =>
      this.active.delete(chatId),
    );
    this.active.set(chatId, { controller, completion });
    return { userMessage, assistantMessage, completion };
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

  private async generate(
    message: ChatMessage,
    model: ModelInfo,
    turns: ProviderTurn[],
    signal: AbortSignal,
  ): Promise<ChatMessage> {
    const { db, emit, provider, generation } = this.deps;
    const { chatId, id: messageId } = message;
    let text = '';
    let dirty = false;
    const flush = setInterval(() => {
      if (!dirty) return;
      dirty = false;
      updateMessageContent(db, messageId, text);
    }, this.deps.flushIntervalMs ?? 250);

    let outcome: MessageOutcome;
    try {
      const result = await provider.streamChat(
        { model, turns, maxTokens: generation.maxTokens, temperature: generation.temperature },
        {
          onText: (chunk) => {
            text += chunk;
            dirty = true;
            emit({ type: 'generation.token', chatId, messageId, text: chunk });
          },
          onModelLoading: (progress) => emit({ type: 'model.loading', modelId: model.id, progress }),
          onModelLoaded: (info) => emit({ type: 'model.loaded', info }),
        },
        signal,
      );
      outcome = outcomeOf(result, text);
    } catch (error) {
      outcome = failureOutcome(toAppError(error), text);
      if (outcome.error && isModelLoadError(outcome.error.code)) {
        emit({ type: 'model.load-failed', modelId: model.id, error: outcome.error });
      }
    } finally {
      clearInterval(flush);
    }
    const stored = this.store(message, outcome);
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

function outcomeOf(result: GenerationResult, streamed: string): MessageOutcome {
  return {
    // The host's final text is authoritative; what streamed is the fallback if it is empty.
    content: result.text || streamed,
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

/** A dead model process cuts a reply short: that is an interruption, not the reply's fault. */
function failureOutcome(error: AppError, streamed: string): MessageOutcome {
  const status = error.code === 'model-host-crashed' ? 'interrupted' : 'error';
  return { content: streamed, status, error, stats: null };
}

/**
 * The conversation the model reads: every earlier message with text, in order. Failed and empty
 * replies are left out so an error never becomes part of what the model imitates.
 */
function historyFor(messages: ChatMessage[], replyId: string): ProviderTurn[] {
  return messages
    .filter((message) => message.id !== replyId && message.content.length > 0 && message.status !== 'error')
    .map((message) => ({ role: message.role, content: message.content }));
}

function titleFrom(content: string): string {
  const line = content.replace(/\s+/g, ' ').trim();
  return line.length <= titleLength ? line : `${line.slice(0, titleLength - 1)}…`;
}
