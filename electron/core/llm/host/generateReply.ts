import { type LLamaChatGenerateResponseOptions, LlamaChat, type LlamaContextSequence, type LlamaGrammar, type Token } from 'node-llama-cpp';
import type { ReplySegment } from '../../../shared/replyThought.js';
import { EnclaveError } from '../../errors.js';
import { StreamedThought } from '../streamedThought.js';
import type { FittedHistory } from './fitHistory.js';
import type { FittedPassages } from './fitPassages.js';
import { grammarForSchema } from './jsonGrammar.js';
import { fitPrompt, readingWithThinking, renderFittedPrompt } from './promptFitting.js';
import type { GenerateOptions, GenerationResult } from './protocol.js';
import type { ResidentModel } from './residentModels.js';
import { PlainTextChatWrapper } from './plainTextChatWrapper.js';

/** How many recent tokens a repeat penalty looks back over: llama.cpp's own default window. */
const repeatPenaltyWindow = 64;

/**
 * Writes one chat reply on a resident model's sequence, streaming text as it comes. A conversation
 * ending with an assistant turn is a cut-off reply: the model continues it, and the result holds only
 * the new text. A conversation longer than the context loses its oldest exchanges first (reported in
 * `droppedTurns`); passages for an answer from documents are cut to what fits first (`fitPassages`,
 * reported in `passagesUsed`); a `jsonSchema` holds the reply to JSON matching it. A reasoning model's
 * thoughts stream with `segment` 'thought' and come back in `thought`, never in the answer's text.
 */
export async function generateReply(
  residentModel: ResidentModel,
  sequence: LlamaContextSequence,
  options: GenerateOptions,
  onText: (text: string, segment?: ReplySegment) => void,
  signal: AbortSignal,
): Promise<GenerationResult> {
  const continuing = checkTurns(options);
  const resident = readingWithThinking(residentModel, options.thinking);
  const contextSize = resident.context.contextSize;
  let grammar: LlamaGrammar | undefined;
  let fitted: FittedHistory;
  let grounded: FittedPassages;
  try {
    grammar = options.jsonSchema ? await grammarForSchema(resident, options.jsonSchema) : undefined;
    ({ grounded, fitted } = fitPrompt(resident, options));
  } catch (error) {
    throw describeGenerationError(error);
  }
  const chat = new LlamaChat({ contextSequence: sequence, chatWrapper: resident.chatWrapper, autoDisposeSequence: false });
  try {
    const started = performance.now();
    // A property, not a `let`: TypeScript would keep a local narrowed to its initial null, as the
    // callback below is what sets it.
    const timing: { firstTokenAt: number | null } = { firstTokenAt: null };
    let tokensOut = 0;
    const spacing = continuing ? new ContinuationSpacing(resident, options.turns.at(-1)?.content ?? '') : null;
    // A transcript's reply follows "Assistant:", so its first token carries the space after the label.
    const opening = !continuing && resident.chatWrapper instanceof PlainTextChatWrapper ? new LeadingSpaceTrim() : null;
    const thought = new StreamedThought();
    const response = await chat.generateResponse(fitted.history, {
      ...samplingOptions(options, grammar),
      signal,
      stopOnAbortSignal: true,
      onToken: (tokens) => {
        tokensOut += tokens.length;
        spacing?.onTokens(tokens);
      },
      onTextChunk: (text) => {
        timing.firstTokenAt ??= performance.now();
        thought.end();
        const shown = spacing ? spacing.onText(text) : (opening?.onText(text) ?? text);
        if (shown.length > 0) onText(shown);
      },
      // onTextChunk leaves thought segments out; they come here, tagged, in the same order.
      onResponseChunk: (chunk) => {
        if (chunk.type !== 'segment') return;
        // onToken reports only the answer's tokens; a segment's count as written too.
        tokensOut += chunk.tokens.length;
        if (chunk.segmentType !== 'thought') return;
        timing.firstTokenAt ??= performance.now();
        thought.append(chunk.text);
        if (chunk.text.length > 0) onText(chunk.text, 'thought');
        if (chunk.segmentEndTime) thought.end();
      },
    });
    thought.end();
    const durationMs = performance.now() - started;
    const tokensInContext = sequence.nextTokenIndex;
    const text = opening ? response.response.trimStart() : (spacing?.prefix ?? '') + response.response;
    const stopReason = toStopReason(response.metadata.stopReason);
    // Once per reply, after it (tens of ms for a long prompt, kept off the first token): the exact
    // prompt the fitted history made, kept with the reply, as `enclave prompt` shows it.
    const rendered = renderFittedPrompt(resident, fitted.history);
    const thoughtKept = thought.kept(undefined);
    if (grammar && stopReason === 'end') assertJson(text);
    return {
      text,
      stopReason,
      tokensIn: Math.max(0, tokensInContext - tokensOut),
      tokensOut,
      timeToFirstTokenMs: timing.firstTokenAt === null ? null : timing.firstTokenAt - started,
      durationMs,
      droppedTurns: fitted.droppedTurns,
      contextSize,
      contextTokens: fitted.promptTokens,
      ...(options.passages ? { passagesUsed: grounded.used } : {}),
      ...(grounded.shortened === undefined ? {} : { passageShortened: grounded.shortened }),
      prompt: { kind: 'local-template', text: rendered.prompt, tokenCount: rendered.tokens.length },
      ...(thoughtKept ? { thought: thoughtKept } : {}),
    };
  } catch (error) {
    throw describeGenerationError(error);
  } finally {
    chat.dispose({ disposeSequence: false });
  }
}

/** Whether the turns continue a partial reply; refuses turns that leave the model nothing to answer. */
function checkTurns(options: GenerateOptions): boolean {
  const last = options.turns.at(-1);
  if (last?.role === 'user') return false;
  if (last?.role === 'assistant' && options.turns.some((turn) => turn.role === 'user')) {
    if (options.jsonSchema) {
      throw new EnclaveError('invalid-request', 'A structured (JSON) reply cannot be continued; generate it again with a larger max tokens.');
    }
    return true;
  }
  throw new EnclaveError('invalid-request', 'A reply can only be generated after a user message, or continue a reply after one.');
}

function samplingOptions(options: GenerateOptions, grammar: LlamaGrammar | undefined): LLamaChatGenerateResponseOptions {
  const { topP, topK, minP, repeatPenalty, seed } = options.sampling ?? {};
  return {
    maxTokens: options.maxTokens,
    temperature: options.temperature,
    ...(topP === undefined ? {} : { topP }),
    ...(topK === undefined ? {} : { topK }),
    ...(minP === undefined ? {} : { minP }),
    ...(seed === undefined ? {} : { seed }),
    ...(repeatPenalty === undefined ? {} : { repeatPenalty: repeatPenalty === 1 ? false : { penalty: repeatPenalty, lastTokens: repeatPenaltyWindow } }),
    ...(grammar ? { grammar } : {}),
    ...(options.stop ? { customStopTriggers: options.stop } : {}),
  };
}

/**
 * node-llama-cpp spells out the first token of a reply as if nothing came before it, which drops the
 * space a SentencePiece word token starts with: continuing "the payment" would append "is due" with
 * no space. The first tokens are spelled again after the partial reply's last tokens, and the
 * difference goes in front of the first text.
 */
class ContinuationSpacing {
  /** What was put in front of the continuation, once known. */
  prefix = '';
  private firstTokens: Token[] | null = null;
  private applied = false;

  constructor(
    private readonly resident: ResidentModel,
    private readonly partial: string,
  ) {}

  onTokens(tokens: Token[]): void {
    if (this.firstTokens === null && tokens.length > 0) this.firstTokens = tokens;
  }

  onText(text: string): string {
    if (this.applied || text.length === 0) return text;
    this.applied = true;
    if (this.firstTokens === null || this.partial.length === 0 || /\s$/.test(this.partial)) return text;
    const { model } = this.resident;
    // The last few tokens are all that decide the spacing; a long partial reply need not be tokenized whole.
    const before = model.tokenize(this.partial.slice(-64)).slice(-8);
    const alone = model.detokenize(this.firstTokens);
    const inContext = model.detokenize(this.firstTokens, false, before);
    const missing = inContext.endsWith(alone) ? inContext.slice(0, inContext.length - alone.length) : '';
    if (missing.length === 0 || !/^\s+$/.test(missing) || text.startsWith(missing)) return text;
    this.prefix = missing;
    return missing + text;
  }
}

/** Drops the whitespace a new reply starts with, across as many streamed chunks as it spans. */
class LeadingSpaceTrim {
  private started = false;

  onText(text: string): string {
    if (this.started) return text;
    const trimmed = text.trimStart();
    this.started = trimmed.length > 0;
    return trimmed;
  }
}

function assertJson(text: string): void {
  try {
    JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new EnclaveError('structured-output-invalid', `The model's reply is not valid JSON despite the grammar: ${detail}`);
  }
}


function toStopReason(reason: string): GenerationResult['stopReason'] {
  if (reason === 'abort') return 'aborted';
  if (reason === 'maxTokens') return 'max-tokens';
  return 'end';
}

export function describeGenerationError(error: unknown): EnclaveError {
  if (error instanceof EnclaveError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new EnclaveError('generation-failed', `The model stopped with an error: ${detail}`, { cause: error });
}
