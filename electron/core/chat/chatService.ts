import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { MessageSource } from '../../shared/documents.js';
import type { BranchChange, EnclaveEvent, ModelInfo } from '../../shared/domain.js';
import type { PresetInfo } from '../../shared/presetDefinitions.js';
import type { SamplingSettings } from '../../shared/presets.js';
import { EnclaveError } from '../errors.js';
import type { ProviderTurn, ReplyWriter } from '../llm/provider.js';
import { type Anchor, type BranchPoint, BranchTree } from './branchTree.js';
import type { LocalReplyPlan, ReplyPlan } from './replyPlan.js';
import { type ReplyListener, ReplyRunner, type SentMessage } from './replyRunner.js';
import { getChat } from './store/chats.js';
import { type GenerationSettings, TurnBuilder } from './turns.js';

export type { BranchPoint } from './branchTree.js';
export type { ReplyListener, SentMessage } from './replyRunner.js';
export type { GenerationSettings } from './turns.js';
export { withGrounding } from './turns.js';

export interface ChatServiceDeps {
  db: Database;
  /** Writes local replies (the local provider; a fake in tests). */
  provider: ReplyWriter;
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
  /** Receives this reply's stream (accepted, states, sources, text, end). */
  onEvent?: ReplyListener | undefined;
}

/** What a local plan prepared elsewhere (routing) already knows. */
interface PreparedLocal {
  sources?: MessageSource[] | null;
  routeReason?: string;
  jsonSchema?: Record<string, unknown> | null | undefined;
}

/**
 * Chats as the rest of core uses them: sending, regenerating, continuing and branching. The work is
 * done by three parts: the branch tree (where a message goes), the turn builder (what the model
 * reads) and the reply runner (the life of each reply, one stream per request).
 */
export class ChatService {
  private readonly tree: BranchTree;
  private readonly turns: TurnBuilder;
  private readonly runner: ReplyRunner;

  constructor(private readonly deps: ChatServiceDeps) {
    this.tree = new BranchTree(deps.db);
    this.turns = new TurnBuilder(deps.db, deps.generation, (chatId) => deps.presetFor?.(chatId) ?? null);
    this.runner = new ReplyRunner({
      db: deps.db,
      emit: deps.emit,
      findSources: (chatId, question) => this.findSources(chatId, question),
      flushIntervalMs: deps.flushIntervalMs,
    });
  }

  /** Sends to a local catalog model, after the branch shown or at another branch point. */
  send(chatId: string, model: ModelInfo, content: string, options: BranchPoint | LocalSendOptions = {}): SentMessage {
    const { branch = { kind: 'append' }, jsonSchema, onEvent } = 'kind' in options ? { branch: options } : options;
    getChat(this.deps.db, chatId);
    this.runner.assertIdle(chatId);
    const anchor = this.tree.anchorFor(chatId, branch, content);
    const plan = this.localPlan(model, chatId, { jsonSchema });
    return this.runner.start(chatId, { kind: 'new', anchor, history: this.turns.turnsBefore(chatId, anchor) }, plan, onEvent);
  }

  /** Another answer to the user message a reply answered: a new sibling of that reply. */
  regenerate(chatId: string, replyId: string, model: ModelInfo, onEvent?: ReplyListener): SentMessage {
    const branch: BranchPoint = { kind: 'regenerate', messageId: this.tree.questionOf(chatId, replyId) };
    return this.send(chatId, model, '', { branch, ...(onEvent ? { onEvent } : {}) });
  }

  /** Where a message goes in the tree (see BranchTree.branchPointFor). */
  branchPointFor(chatId: string, request: { editOf?: string | undefined; regenerateOf?: string | undefined }): BranchPoint {
    return this.tree.branchPointFor(chatId, request);
  }

  /**
   * Continues a reply that was cut off (stopped, interrupted, or at its token limit) on a local model:
   * the model reads the conversation with the partial reply last and writes on from where it ended;
   * the text is appended to the same message.
   */
  continueReply(chatId: string, replyId: string, model: ModelInfo, onEvent?: ReplyListener): SentMessage {
    const reply = this.tree.messageIn(chatId, replyId, 'assistant');
    if (reply.status === 'streaming') throw new EnclaveError('busy', 'This reply is still being written.');
    if (!reply.content.trim()) throw new EnclaveError('invalid-request', 'This reply has no text to continue; regenerate it instead.');
    if (!reply.parentId) throw new EnclaveError('invalid-request', 'This reply does not answer a message; send a new one instead.');
    this.runner.assertIdle(chatId);
    const userMessage = this.tree.messageIn(chatId, reply.parentId);
    const turns: ProviderTurn[] = [...this.turns.historyThrough(chatId, reply.parentId), { role: 'assistant', content: reply.content }];
    const plan: LocalReplyPlan = { ...this.localPlan(model, chatId, { sources: reply.sources.length > 0 ? reply.sources : null }), turns };
    return this.runner.start(chatId, { kind: 'continue', reply, userMessage }, plan, onEvent);
  }

  /** Shows another branch: the one through `messageId`, down to its newest end. */
  switchBranch(chatId: string, messageId: string): BranchChange {
    this.runner.assertIdle(chatId);
    const change = this.tree.switchTo(chatId, messageId);
    this.deps.emit({ type: 'chats.changed' });
    return change;
  }

  /** The branch point resolved against the tree (for plans prepared elsewhere: remote). */
  anchorFor(chatId: string, branch: BranchPoint, content: string): Anchor {
    return this.tree.anchorFor(chatId, branch, content);
  }

  /** The turns before the new reply, as the model will read them (the new user turn last). */
  turnsBefore(chatId: string, anchor: Anchor): ProviderTurn[] {
    return this.turns.turnsBefore(chatId, anchor);
  }

  /** The plan for a local reply; `sources` and `routeReason` when the send was prepared (routing) first. */
  localPlan(model: ModelInfo, chatId: string, prepared: PreparedLocal = {}): LocalReplyPlan {
    const { provider } = this.deps;
    const preset = this.turns.presetOf(chatId);
    const { maxTokens, temperature, ...sampling } = this.turns.samplingFor(preset);
    const jsonSchema = prepared.jsonSchema ?? preset?.jsonSchema ?? null;
    return {
      kind: 'local',
      model,
      modelName: model.name,
      presetName: preset?.name ?? null,
      structured: jsonSchema !== null,
      routeReason: prepared.routeReason ?? null,
      sources: prepared.sources !== undefined ? prepared.sources : 'retrieve',
      turns: null,
      stream: (turns, events, signal, _messageId, passages) =>
        provider.streamChat(
          { model, turns, maxTokens, temperature, sampling, ...(jsonSchema ? { jsonSchema } : {}), ...(passages ? { passages } : {}) },
          events,
          signal,
        ),
    };
  }

  /** The sampling a chat's replies use: its preset's, over the app's defaults. */
  samplingFor(preset: PresetInfo | null): SamplingSettings {
    return this.turns.samplingFor(preset);
  }

  /** The preset a chat uses, for plans prepared elsewhere (remote). */
  presetOf(chatId: string): PresetInfo | null {
    return this.turns.presetOf(chatId);
  }

  /**
   * Holds the chat while `planReply` works out how to send (retrieval, routing, DLP), then starts the
   * reply with the plan it returns. A second message meanwhile is refused as busy.
   */
  async sendPrepared(
    chatId: string,
    content: string,
    planReply: (history: ProviderTurn[], question: string) => Promise<ReplyPlan>,
    branch: BranchPoint = { kind: 'append' },
    onEvent?: ReplyListener,
  ): Promise<SentMessage> {
    getChat(this.deps.db, chatId);
    const { anchor, plan } = await this.runner.whilePreparing(chatId, async () => {
      const anchor = this.tree.anchorFor(chatId, branch, content);
      return { anchor, plan: await planReply(this.turns.turnsBefore(chatId, anchor), anchor.content) };
    });
    const history = plan.turns ? null : this.turns.turnsBefore(chatId, anchor);
    return this.runner.start(chatId, { kind: 'new', anchor, history }, plan, onEvent);
  }

  /** The passages for a question, or null for a chat without collections. */
  findSources(chatId: string, question: string): Promise<MessageSource[] | null> {
    return this.deps.sourcesFor?.(chatId, question) ?? Promise.resolve(null);
  }

  /** Stops the reply being written in a chat at once; the text so far is kept and marked stopped. */
  stop(chatId: string): boolean {
    return this.runner.stop(chatId);
  }

  isGenerating(chatId: string): boolean {
    return this.runner.isGenerating(chatId);
  }

  /** Stops every reply and waits until each is stored, for a clean shutdown. */
  stopAll(): Promise<void> {
    return this.runner.stopAll();
  }

  /** Saves what every reply has written so far, now (the process is about to exit). */
  saveProgress(): void {
    this.runner.saveProgress();
  }
}
