import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { MessageSource } from '../../shared/documents.js';
import type { ChatMessage, EnclaveEvent } from '../../shared/domain.js';
import { isModelLoadError } from '../../shared/errors.js';
import type { ReplyPrompt } from '../../shared/replyPrompt.js';
import type { ReplyThought } from '../../shared/replyThought.js';
import { advanceReply, type ReplyEvent, type ReplyState, replyStateOf } from '../../shared/replies.js';
import { EnclaveError, toAppError } from '../errors.js';
import type { FencedPassage, GenerationResult } from '../llm/host/protocol.js';
import type { ProviderTurn } from '../llm/provider.js';
import type { Anchor } from './branchTree.js';
import { resolveCitations } from './citations.js';
import { fencedPassages, groundedInstructions, groundedSystemPrompt } from './groundedPrompt.js';
import { failureOutcome, finishedOutcome, stoppedOutcome } from './replyOutcome.js';
import type { ReplyPlan } from './replyPlan.js';
import { storeNewReply, reopenForContinuing } from './replyRows.js';
import { touchChat } from './store/chats.js';
import { keepFirstSources, markCitedSources, saveMessageSources } from './store/messageSources.js';
import { finishMessage, type MessageOutcome, setContextUse, setPassageFit } from './store/messages.js';
import { saveReplyPrompt } from './store/replyPrompts.js';
import { saveReplyThought } from './store/replyThoughts.js';
import { SavedText } from './savedText.js';
import { withGrounding } from './turns.js';

/** Receives one reply's stream: `accepted` first, `end` last (shared/replies.ts). */
export type ReplyListener = (event: ReplyEvent) => void;

export interface SentMessage {
  userMessage: ChatMessage;
  assistantMessage: ChatMessage;
  /** Settles with the stored assistant message once the reply ends, however it ends. */
  completion: Promise<ChatMessage>;
}

export interface ReplyRunnerDeps {
  db: Database;
  /** Core's broadcast: narrow change events for lists (chats, models, usage), never a reply's text. */
  emit: (event: EnclaveEvent) => void;
  /** The passages for a question in a chat, numbered for citing; null for a chat without collections. */
  findSources: (chatId: string, question: string) => Promise<MessageSource[] | null>;
  /** How often streamed text is saved, so a crash loses at most this much of a reply. */
  flushIntervalMs?: number | undefined;
}

/** One reply being written: how to stop it and when it is stored. */
/** What one run of a reply works with besides its messages and plan. */
interface RunContext {
  listener: ReplyListener;
  progress: SavedText;
  signal: AbortSignal;
}

interface ActiveReply {
  controller: AbortController;
  completion: Promise<ChatMessage>;
  progress: SavedText;
}

/** Where a reply starts: a new row (with the user message, unless it answers a stored one), or a stored reply continued. */
type ReplyStart =
  | { kind: 'new'; anchor: Anchor; history: ProviderTurn[] | null }
  | { kind: 'continue'; reply: ChatMessage; userMessage: ChatMessage };


/**
 * Runs the life of each reply, one at a time per chat: stores it before anything is generated,
 * streams it to the caller's listener as it grows (saving the text as it goes), stops it at once when
 * asked in any state, and stores exactly one ending: complete, stopped, token limit, interrupted or error.
 */
export class ReplyRunner {
  private readonly active = new Map<string, ActiveReply>();
  /** Chats whose send is being prepared (retrieval, checks) and must not take a second message yet. */
  private readonly preparing = new Set<string>();

  constructor(private readonly deps: ReplyRunnerDeps) {}

  /** Refuses a second reply in a chat while one is being prepared or written. */
  assertIdle(chatId: string): void {
    if (this.active.has(chatId) || this.preparing.has(chatId)) {
      throw new EnclaveError('busy', 'This chat is still writing a reply. Stop it or wait for it to finish.');
    }
  }

  /** Holds the chat while `work` works out how to send; a second message meanwhile is refused as busy. */
  async whilePreparing<T>(chatId: string, work: () => Promise<T>): Promise<T> {
    this.assertIdle(chatId);
    this.preparing.add(chatId);
    try {
      return await work();
    } finally {
      this.preparing.delete(chatId);
    }
  }

  /** Stops the reply being written in a chat, at once; the text so far is kept and marked stopped. */
  stop(chatId: string): boolean {
    const reply = this.active.get(chatId);
    reply?.controller.abort();
    return reply !== undefined;
  }

  isGenerating(chatId: string): boolean {
    return this.active.has(chatId);
  }

  /** Stops every reply and waits until each is stored, for a clean shutdown. */
  async stopAll(): Promise<void> {
    const completions = [...this.active.values()].map((reply) => {
      reply.controller.abort();
      return reply.completion.catch(() => undefined);
    });
    await Promise.all(completions);
  }

  /** Stores the messages of a new reply (or reopens one to continue), then writes it in the background. */
  start(chatId: string, start: ReplyStart, plan: ReplyPlan, listener: ReplyListener = ignoreReplyEvent): SentMessage {
    this.assertIdle(chatId);
    const { db } = this.deps;
    const { userMessage, assistantMessage } =
      start.kind === 'new' ? storeNewReply(db, chatId, start.anchor, plan) : reopenForContinuing(db, start.reply, start.userMessage);
    const controller = new AbortController();
    const progress = new SavedText(db, assistantMessage.id, start.kind === 'continue' ? start.reply.content : '');
    const completion = this.run(assistantMessage, start, plan, { listener, progress, signal: controller.signal }).finally(() =>
      this.active.delete(chatId),
    );
    this.active.set(chatId, { controller, completion, progress });
    this.deps.emit({ type: 'chats.changed' });
    listener({ type: 'accepted', userMessage, assistantMessage });
    listener({ type: 'state', state: { phase: 'queued' } });
    return { userMessage, assistantMessage, completion };
  }

  /** Saves the text of every reply being written, now: for a process about to exit (a signal, a closed pipe). */
  saveProgress(): void {
    for (const reply of this.active.values()) reply.progress.save();
  }

  private async run(message: ChatMessage, start: ReplyStart, plan: ReplyPlan, run: RunContext): Promise<ChatMessage> {
    const { emit } = this.deps;
    const { listener, progress, signal } = run;
    const { chatId, id: messageId } = message;
    const prefix = start.kind === 'continue' ? start.reply.content : '';
    const restorer = plan.kind === 'remote' ? plan.restorer?.() : undefined;
    // Thoughts quote redacted values as the answer does: restored the same way, on a stream of their own.
    const thoughtRestorer = plan.kind === 'remote' ? plan.restorer?.() : undefined;
    let state: ReplyState = { phase: 'queued' };
    // Once the reply has ended (a stop ends it at once), a late word from its writer changes nothing.
    let live = true;
    const moveTo = (next: Exclude<ReplyState, { phase: 'ended' }>) => {
      const advanced = advanceReply(state, next);
      // Load progress repeats its phase with a new figure; other phases are announced once.
      if (!live || advanced === state || (advanced.phase === state.phase && advanced.phase !== 'loading')) return;
      state = advanced;
      if (state.phase !== 'ended') listener({ type: 'state', state });
    };
    const { thought } = progress;
    const show = (chunk: string) => {
      if (!live || !chunk) return;
      moveTo({ phase: 'generating' });
      thought.end();
      progress.append(chunk);
      listener({ type: 'text', text: chunk });
    };
    // Thoughts stream apart from the answer and are kept apart from its text: never cited, never sent back.
    const showThought = (chunk: string) => {
      if (!live || !chunk) return;
      moveTo({ phase: 'generating' });
      progress.appendThought(chunk);
      listener({ type: 'thought', text: chunk });
    };
    const flush = setInterval(() => progress.save(), this.deps.flushIntervalMs ?? 100);

    let sources: MessageSource[] | null = Array.isArray(plan.sources) ? plan.sources : null;
    if (sources) listener({ type: 'sources', sources });
    let result: GenerationResult | null = null;
    let outcome: MessageOutcome;
    try {
      // Before the first word (queued, loading a model) a stop ends the reply now; once the writer is
      // writing it answers a stop within a token, with its figures, so its own result is awaited.
      const stopped = untilAborted(signal, () => state.phase !== 'generating');
      const written = (async () => {
        if (plan.sources === 'retrieve') {
          sources = await this.retrieve(message, start, listener);
        }
        const { turns, passages } = this.promptFor(plan, start, sources);
        if (plan.kind === 'remote') moveTo({ phase: 'generating' });
        return plan.stream(
          turns,
          {
            onText: (chunk) => {
              if (thoughtRestorer) showThought(thoughtRestorer.flush());
              show(restorer ? restorer.push(chunk) : chunk);
            },
            onThought: (chunk) => showThought(thoughtRestorer ? thoughtRestorer.push(chunk) : chunk),
            // A remote request's body is kept as it leaves, so a reply that then fails still has it.
            onPrompt: (prompt) => this.recordPrompt(messageId, prompt),
            onModelLoading: (progress) => {
              moveTo({ phase: 'loading', progress });
              if (plan.kind === 'local') emit({ type: 'model.loading', modelId: plan.model.id, progress });
            },
            onModelLoaded: (info) => {
              moveTo({ phase: 'generating' });
              emit({ type: 'model.loaded', info });
            },
          },
          signal,
          messageId,
          passages,
        );
      })();
      // The writer may take its time to notice a stop (a model still loading): the reply ends without it.
      written.catch(() => undefined);
      result = await Promise.race([written, stopped]);
      if (thoughtRestorer) showThought(thoughtRestorer.flush());
      if (restorer) show(restorer.flush());
      outcome =
        result === null
          ? stoppedOutcome(progress.text)
          : finishedOutcome(result, progress.text, plan.kind === 'remote' ? plan.restoreText : null, prefix);
    } catch (error) {
      if (thoughtRestorer) showThought(thoughtRestorer.flush());
      if (restorer) show(restorer.flush());
      const failure = toAppError(error);
      // A stop before the first word can surface as the writer's abort error: the user asked for it.
      outcome = signal.aborted ? stoppedOutcome(progress.text) : failureOutcome(failure, progress.text);
      if (plan.kind === 'local' && outcome.error && isModelLoadError(outcome.error.code)) {
        emit({ type: 'model.load-failed', modelId: plan.model.id, error: outcome.error });
      }
    } finally {
      live = false;
      clearInterval(flush);
    }
    if (sources) outcome = this.checkCitations(messageId, outcome, this.keepGivenSources(messageId, sources.length, result, outcome));
    if (result) this.recordContextUse(messageId, result);
    if (result?.prompt) this.recordPrompt(messageId, result.prompt);
    this.recordThought(messageId, thought.kept(result?.thought));
    const stored = this.store(message, outcome);
    if (plan.kind === 'remote') plan.onFinished(stored);
    // Free the chat before announcing the end, so a next message sent on that event is not refused as busy.
    this.active.delete(chatId);
    const ended = replyStateOf(stored);
    listener({ type: 'end', message: stored, state: ended.phase === 'ended' ? ended : { phase: 'ended', ending: 'error', error: null } });
    emit({ type: 'generation.finished', chatId, messageId, status: outcome.status, error: outcome.error, stats: outcome.stats });
    return stored;
  }

  /**
   * The turns as sent: a prepared plan's own; else the history through the question, grounded in any
   * passages. A local model is given the passages apart from the turns, to keep as many as fit its context.
   */
  private promptFor(plan: ReplyPlan, start: ReplyStart, sources: MessageSource[] | null): { turns: ProviderTurn[]; passages?: FencedPassage[] } {
    if (plan.turns) return { turns: plan.turns };
    const history = start.kind === 'new' ? (start.history ?? []) : [];
    if (!sources) return { turns: history };
    if (plan.kind === 'remote' || sources.length === 0) return { turns: withGrounding(history, groundedSystemPrompt(sources)) };
    return { turns: withGrounding(history, groundedInstructions(sources.length)), passages: fencedPassages(sources) };
  }

  /**
   * How many of the stored sources the model read, the rest removed: those that fitted its context
   * (recorded with the number retrieved when fewer, or one shortened), or none for an answer that never came.
   */
  private keepGivenSources(messageId: string, retrieved: number, result: GenerationResult | null, outcome: MessageOutcome): number {
    const { db } = this.deps;
    const failed = outcome.status === 'error' && outcome.content.length === 0;
    const given = failed ? 0 : Math.min(retrieved, result?.passagesUsed ?? retrieved);
    const shortened = result?.passageShortened ?? null;
    try {
      if (given < retrieved) keepFirstSources(db, messageId, given);
      if (!failed && (given < retrieved || shortened !== null)) setPassageFit(db, messageId, { retrieved, shortened });
    } catch {
      // Figures for display; the reply itself is saved next, or reported.
    }
    return given;
  }

  /** Finds and stores the passages for a grounded answer, and tells the listener which they are. */
  private async retrieve(message: ChatMessage, start: ReplyStart, listener: ReplyListener): Promise<MessageSource[] | null> {
    const question = start.kind === 'new' ? start.anchor.content : start.userMessage.content;
    const sources = await this.deps.findSources(message.chatId, question);
    if (sources) {
      saveMessageSources(this.deps.db, message.id, sources);
      listener({ type: 'sources', sources });
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

  /** Keeps the exact prompt the reply was given, for its details and for audits. */
  private recordPrompt(messageId: string, prompt: ReplyPrompt): void {
    try {
      saveReplyPrompt(this.deps.db, messageId, prompt);
    } catch {
      // The reply matters more than its record: it is stored (or its failure reported) next, shown as "not recorded".
    }
  }

  /** Keeps a reasoning model's thoughts with its reply (none: a continued reply keeps those it had). */
  private recordThought(messageId: string, thought: ReplyThought | null): void {
    if (thought === null) return;
    try {
      saveReplyThought(this.deps.db, messageId, thought);
    } catch {
      // The answer matters more than the thinking behind it: it is stored (or its failure reported) next.
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
      const storeError = outcome.error ?? { code: 'io-error' as const, message: `The reply could not be saved: ${failure.message}` };
      return { ...message, content: outcome.content, status: outcome.status, error: storeError, stopReason: outcome.stopReason };
    }
  }
}

/** Resolves with null once `signal` aborts (at once if it has), if `now()` says the abort ends the wait. */
function untilAborted(signal: AbortSignal, now: () => boolean): Promise<null> {
  return new Promise((resolve) => {
    const onAbort = () => {
      if (now()) resolve(null);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}

function ignoreReplyEvent(): void {
  // A caller that does not listen (a test, a bench) still gets the reply stored and its completion.
}
