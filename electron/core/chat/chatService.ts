import type { Database } from 'better-sqlite3';
import type { MessageSource } from '../../shared/documents.js';
import type { BranchChange, ChatMessage, EnclaveEvent, ModelInfo } from '../../shared/domain.js';
import { type AppError, isModelLoadError } from '../../shared/errors.js';
import { getChat, titleUntitledChat, touchChat } from './store/chats.js';
import {
  type BranchText,
  branchChange,
  branchTexts,
  deepestDescendant,
  findMessage,
  finishMessage,
  getMessage,
  insertMessageRow,
  leafOf,
  type MessageOutcome,
  setContextUse,
  setLeaf,
  updateMessageContent,
} from './store/messages.js';
import { markCitedSources, saveMessageSources } from './store/messageSources.js';
import { EnclaveError, toAppError } from '../errors.js';
import type { GenerationResult } from '../llm/host/protocol.js';
import type { ChatProvider, ProviderTurn } from '../llm/provider.js';
import { resolveCitations } from './citations.js';
import { groundedSystemPrompt } from './groundedPrompt.js';
import type { PresetInfo } from '../../shared/presetDefinitions.js';
import type { SamplingSettings } from '../../shared/presets.js';
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
  /** The preset ("assistant") a chat uses, if any: its system prompt, sampling and schema apply. */
  presetFor?: ((chatId: string) => PresetInfo | null) | undefined;
}

/** Per-send options of a local reply. */
export interface LocalSendOptions {
  branch?: BranchPoint;
  /** Constrains this reply to JSON matching the schema (structured output); a preset's schema otherwise. */
  jsonSchema?: Record<string, unknown> | null;
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
 * Where a new reply goes in the conversation tree: after the branch shown (`append`), as an
 * alternative to an earlier user message (`edit`: a new user message beside it), or as another
 * answer to a user message (`regenerate`: no new user message).
 */
export type BranchPoint =
  | { kind: 'append' }
  | { kind: 'edit'; messageId: string }
  | { kind: 'regenerate'; messageId: string };

interface Anchor {
  /** The new user message's parent; undefined when no user message is added (regenerate). */
  userParentId?: string | null;
  /** The user message the reply answers, when it exists already (regenerate). */
  userMessageId?: string;
  /** The question: the new user text, or the regenerated one's. */
  content: string;
}

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

  /** Sends to a local catalog model, after the branch shown or at another branch point. */
  send(chatId: string, model: ModelInfo, content: string, options: BranchPoint | LocalSendOptions = {}): SentMessage {
    const { branch = { kind: 'append' }, jsonSchema } = 'kind' in options ? { branch: options } : options;
    return this.start(chatId, this.anchorFor(chatId, branch, content), this.localPlan(model, chatId, { jsonSchema }));
  }

  /** Another answer to the user message a reply answered: a new sibling of that reply. */
  regenerate(chatId: string, replyId: string, model: ModelInfo): SentMessage {
    return this.send(chatId, model, '', { kind: 'regenerate', messageId: this.replyToRegenerate(chatId, replyId) });
  }

  /**
   * Where a message goes in the tree: an edit of `editOf` (beside it), another answer to the question
   * the reply `regenerateOf` answered, or (neither) the end of the branch shown.
   */
  branchPointFor(chatId: string, request: { editOf?: string | undefined; regenerateOf?: string | undefined }): BranchPoint {
    if (request.editOf !== undefined) return { kind: 'edit', messageId: request.editOf };
    if (request.regenerateOf !== undefined) return { kind: 'regenerate', messageId: this.replyToRegenerate(chatId, request.regenerateOf) };
    return { kind: 'append' };
  }

  /** The user message a reply answers: where its regeneration branches off. */
  replyToRegenerate(chatId: string, replyId: string): string {
    const reply = this.messageIn(chatId, replyId, 'assistant');
    if (!reply.parentId) throw new EnclaveError('invalid-request', 'This reply does not answer a message; send a new one instead.');
    return reply.parentId;
  }

  /**
   * Continues a reply that was cut off (stopped, interrupted, or at its token limit) on a local model:
   * the model reads the conversation with the partial reply last and writes on from where it ended;
   * the text is appended to the same message.
   */
  continueReply(chatId: string, replyId: string, model: ModelInfo): SentMessage {
    const reply = this.messageIn(chatId, replyId, 'assistant');
    if (reply.status === 'streaming') throw new EnclaveError('busy', 'This reply is still being written.');
    if (!reply.content.trim()) throw new EnclaveError('invalid-request', 'This reply has no text to continue; regenerate it instead.');
    if (!reply.parentId) throw new EnclaveError('invalid-request', 'This reply does not answer a message; send a new one instead.');
    this.assertIdle(chatId);
    const { db } = this.deps;
    const userMessage = this.messageIn(chatId, reply.parentId);
    const turns: ProviderTurn[] = [
      ...this.withSystemPrompt(chatId, historyFor(branchTexts(db, chatId, reply.parentId))),
      { role: 'assistant', content: reply.content },
    ];
    const plan = { ...this.localPlan(model, chatId, { sources: reply.sources.length > 0 ? reply.sources : null }), turns };
    db.prepare(`UPDATE messages SET status = 'streaming', error_code = NULL, error_message = NULL, stop_reason = NULL WHERE id = ?`).run(reply.id);
    setLeaf(db, chatId, reply.id);
    const assistantMessage = getMessage(db, reply.id);
    const controller = new AbortController();
    this.deps.emit({ type: 'chats.changed' });
    this.deps.emit({ type: 'generation.started', chatId, messageId: reply.id, modelId: model.id });
    const completion = this.generate(assistantMessage, plan, [], userMessage.content, controller.signal, reply.content).finally(() =>
      this.active.delete(chatId),
    );
    this.active.set(chatId, { controller, completion });
    return { userMessage, assistantMessage, completion };
  }

  /** Shows another branch: the one through `messageId`, down to its newest end. */
  switchBranch(chatId: string, messageId: string): BranchChange {
    const { db } = this.deps;
    this.messageIn(chatId, messageId);
    this.assertIdle(chatId);
    const oldLeaf = leafOf(db, chatId);
    const newLeaf = deepestDescendant(db, messageId);
    setLeaf(db, chatId, newLeaf);
    this.deps.emit({ type: 'chats.changed' });
    return branchChange(db, chatId, oldLeaf, newLeaf);
  }

  /**
   * The text of the branch point, checked: an edit replaces a user message, a regeneration answers
   * one. `content` is the new text for an edit, ignored otherwise.
   */
  anchorFor(chatId: string, branch: BranchPoint, content: string): Anchor {
    if (branch.kind === 'append') return { userParentId: leafOf(this.deps.db, chatId), content };
    const message = this.messageIn(chatId, branch.messageId, 'user');
    if (branch.kind === 'edit') return { userParentId: message.parentId, content };
    return { userMessageId: message.id, content: message.content };
  }

  /** The turns before the new reply, as the model will read them (the new user turn last). */
  turnsBefore(chatId: string, anchor: Anchor): ProviderTurn[] {
    const { db } = this.deps;
    if (anchor.userMessageId) return this.withSystemPrompt(chatId, historyFor(branchTexts(db, chatId, anchor.userMessageId)));
    const before = anchor.userParentId ? historyFor(branchTexts(db, chatId, anchor.userParentId)) : [];
    return this.withSystemPrompt(chatId, [...before, { role: 'user', content: anchor.content }]);
  }

  /** The chat's preset system prompt first, when it has one. */
  private withSystemPrompt(chatId: string, turns: ProviderTurn[]): ProviderTurn[] {
    const prompt = this.deps.presetFor?.(chatId)?.systemPrompt.trim();
    return prompt ? [{ role: 'system', content: prompt }, ...turns] : turns;
  }

  private messageIn(chatId: string, messageId: string, role?: ChatMessage['role']): ChatMessage {
    const message = findMessage(this.deps.db, messageId);
    if (!message || message.chatId !== chatId) {
      throw new EnclaveError('not-found', `There is no message ${messageId} in this chat; it may have been deleted.`);
    }
    if (role && message.role !== role) {
      throw new EnclaveError('invalid-request', `That is ${message.role === 'user' ? 'your message' : 'a reply'}, not ${role === 'user' ? 'one of yours' : 'a reply'}.`);
    }
    return message;
  }

  /** The plan for a local reply; `sources` and `routeReason` when the send was prepared (routing) first. */
  localPlan(
    model: ModelInfo,
    chatId: string,
    prepared: { sources?: MessageSource[] | null; routeReason?: string; jsonSchema?: Record<string, unknown> | null | undefined } = {},
  ): ReplyPlan {
    const { provider } = this.deps;
    const preset = this.deps.presetFor?.(chatId) ?? null;
    const { maxTokens, temperature, ...sampling } = this.samplingFor(preset);
    const jsonSchema = prepared.jsonSchema ?? preset?.jsonSchema ?? null;
    return {
      provider: 'local',
      localModel: model,
      modelName: model.name,
      presetName: preset?.name ?? null,
      structured: jsonSchema !== null,
      endpointId: null,
      endpointName: null,
      routeReason: prepared.routeReason ?? null,
      redactions: [],
      sources: prepared.sources !== undefined ? prepared.sources : 'retrieve',
      turns: null,
      restorer: null,
      restoreText: null,
      stream: (turns, events, signal) =>
        provider.streamChat(
          { model, turns, maxTokens, temperature, sampling, ...(jsonSchema ? { jsonSchema } : {}) },
          events,
          signal,
        ),
    };
  }

  /** The sampling a chat's replies use: its preset's, over the app's defaults. */
  samplingFor(preset: PresetInfo | null): SamplingSettings {
    const { generation } = this.deps;
    return { maxTokens: generation.maxTokens, temperature: generation.temperature, ...preset?.sampling };
  }

  /** The preset a chat uses, for plans prepared elsewhere (remote). */
  presetOf(chatId: string): PresetInfo | null {
    return this.deps.presetFor?.(chatId) ?? null;
  }

  /**
   * Holds the chat while `prepare` works out how to send (retrieval, routing, DLP), then starts the
   * reply with the plan it returns. A second message meanwhile is refused as busy.
   */
  async sendPrepared(
    chatId: string,
    content: string,
    prepare: (history: ProviderTurn[], question: string) => Promise<ReplyPlan>,
    branch: BranchPoint = { kind: 'append' },
  ): Promise<SentMessage> {
    getChat(this.deps.db, chatId);
    this.assertIdle(chatId);
    this.preparing.add(chatId);
    try {
      const anchor = this.anchorFor(chatId, branch, content);
      const plan = await prepare(this.turnsBefore(chatId, anchor), anchor.content);
      this.preparing.delete(chatId);
      return this.start(chatId, anchor, plan);
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

  private start(chatId: string, anchor: Anchor, plan: ReplyPlan): SentMessage {
    const { db } = this.deps;
    const content = anchor.content;
    this.assertIdle(chatId);
    // Everything stored before the request leaves is one transaction, so one commit: the chat checked
    // (it may have been deleted while the send was prepared), both messages, sources, branch and title.
    const { userMessage, assistantMessage } = db.transaction(() => {
      if (!touchChat(db, chatId)) throw new EnclaveError('not-found', `There is no chat with id ${chatId}; it may have been deleted.`);
      const userMessageId = anchor.userMessageId
        ? this.messageIn(chatId, anchor.userMessageId).id
        : insertMessageRow(db, { chatId, role: 'user', content, status: 'complete', parentId: anchor.userParentId ?? null });
      const assistantMessageId = insertMessageRow(db, {
        parentId: userMessageId,
        presetName: plan.presetName ?? null,
        structured: plan.structured ?? false,
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
      if (Array.isArray(plan.sources)) saveMessageSources(db, assistantMessageId, plan.sources);
      setLeaf(db, chatId, assistantMessageId);
      titleUntitledChat(db, chatId, titleFrom(content));
      // Read once, when stored: the reply's siblings (a regeneration) are only known then.
      return { userMessage: getMessage(db, userMessageId), assistantMessage: getMessage(db, assistantMessageId) };
    })();

    const controller = new AbortController();
    // A prepared plan carries its turns; only a plain local send reads the history (up to its question) here.
    const history = plan.turns ? [] : this.withSystemPrompt(chatId, historyFor(branchTexts(db, chatId, userMessage.id)));
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
    /** For a continued reply: the text already there; the new text is appended to it. */
    prefix = '',
  ): Promise<ChatMessage> {
    const { db, emit } = this.deps;
    const { chatId, id: messageId } = message;
    const model = plan.localModel;
    const restorer = plan.restorer?.();
    let text = prefix;
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
      outcome = outcomeOf(result, text, plan.restoreText, prefix);
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
    if (result) this.recordContextUse(messageId, result);
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

  /** How the history fitted the context (local replies report it): shown as context used and turns left out. */
  private recordContextUse(messageId: string, result: GenerationResult): void {
    if (result.droppedTurns === undefined && result.contextSize === undefined) return;
    try {
      setContextUse(this.deps.db, messageId, result.droppedTurns ?? null, result.contextSize ?? null);
    } catch {
      // A figure for display only; the reply is stored (or its failure reported) next.
    }
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
    const { db } = this.deps;
    try {
      // One commit for the reply's end and the chat's activity time.
      return db.transaction(() => {
        const stored = finishMessage(db, message.id, outcome);
        touchChat(db, message.chatId);
        return stored;
      })();
    } catch (error) {
      const failure = toAppError(error);
      outcome.error ??= { code: 'io-error', message: `The reply could not be saved: ${failure.message}` };
      return { ...message, content: outcome.content, status: outcome.status, error: outcome.error, stopReason: outcome.stopReason };
    }
  }
}

function outcomeOf(
  result: GenerationResult,
  streamed: string,
  restore: ((text: string) => string) | null,
  prefix = '',
): MessageOutcome {
  // The provider's final text is authoritative; what streamed is the fallback if it is empty.
  const content = result.text ? prefix + (restore ? restore(result.text) : result.text) : streamed;
  return {
    content,
    status: result.stopReason === 'aborted' ? 'interrupted' : 'complete',
    // Kept with the reply: one that reached its token limit is complete, yet can be continued.
    stopReason: result.stopReason,
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
  return { content: streamed, status, error, stats: null, stopReason: null };
}

/**
 * The conversation the model reads: every earlier message with text, in order. Failed and empty
 * replies are left out so an error never becomes part of what the model imitates.
 */
function historyFor(messages: readonly BranchText[]): ProviderTurn[] {
  return messages
    .filter((message) => message.content.length > 0 && message.status !== 'error')
    .map((message) => ({ role: message.role, content: message.content }));
}

/** The grounding instructions and passages as the system turn, after any system prompt already there. */
export function withGrounding(turns: ProviderTurn[], grounding: string): ProviderTurn[] {
  const [first, ...rest] = turns;
  if (first?.role === 'system') return [{ role: 'system', content: `${first.content}\n\n${grounding}` }, ...rest];
  return [{ role: 'system', content: grounding }, ...turns];
}

/** The message's first words, whitespace collapsed; it reads only as far as the title goes (every send asks). */
function titleFrom(content: string): string {
  const words = /\S+/g;
  let line = '';
  for (let word = words.exec(content); word && line.length <= titleLength; word = words.exec(content)) {
    line = line ? `${line} ${word[0]}` : word[0];
  }
  return line.length <= titleLength ? line : `${line.slice(0, titleLength - 1)}…`;
}
