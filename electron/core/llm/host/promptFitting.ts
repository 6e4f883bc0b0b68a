import { type ChatHistoryItem, SpecialToken } from 'node-llama-cpp';
import { EnclaveError } from '../../errors.js';
import { LlamaCppTemplateChatWrapper } from './llamaCppTemplateChatWrapper.js';
import { type FittedHistory, fitHistory } from './fitHistory.js';
import { type FittedPassages, fitPassages } from './fitPassages.js';
import type { GenerateOptions } from './protocol.js';
import type { ResidentModel } from './residentModels.js';

/**
 * The most of the context kept free for the reply. Reserving all of `maxTokens` would refuse every
 * message once it nears the context size (the app's default of 2,048 equals many contexts); a reply
 * that outgrows the reserve goes on, node-llama-cpp shifting the context under it.
 */
const maxReplyShareOfContext = 0.25;

export interface FittedPrompt {
  grounded: FittedPassages;
  fitted: FittedHistory;
}

/**
 * What of a request the model reads: the passages that fit (`fitPassages`), then the turns that fit
 * with them (`fitHistory`), leaving room for the reply. One function for writing a reply and for
 * showing the prompt (`enclave prompt`), so what is shown is what is sent.
 */
export function fitPrompt(resident: ResidentModel, options: Pick<GenerateOptions, 'turns' | 'passages' | 'maxTokens'>): FittedPrompt {
  const contextSize = resident.context.contextSize;
  const limits = { contextSize, replyReserve: Math.min(options.maxTokens, Math.floor(contextSize * maxReplyShareOfContext)) };
  const grounded = fitPassages(resident.model, resident.chatWrapper, options.turns.map(toHistoryItem), options.passages ?? [], limits);
  return { grounded, fitted: fitHistory(resident.model, resident.chatWrapper, grounded.items, limits) };
}

/**
 * The resident model as a request reads it: with thinking off (the model's `thinking` setting), its
 * template rendered with `enable_thinking` false. Other wrappers have no such switch; their thoughts
 * still come apart from the answer.
 */
export function readingWithThinking(resident: ResidentModel, thinking: boolean | undefined): ResidentModel {
  const { chatWrapper } = resident;
  if (thinking !== false || !(chatWrapper instanceof LlamaCppTemplateChatWrapper)) return resident;
  return { ...resident, chatWrapper: chatWrapper.withoutThinking() };
}

export function toHistoryItem(turn: GenerateOptions['turns'][number]): ChatHistoryItem {
  if (turn.role === 'system') return { type: 'system', text: turn.content };
  if (turn.role === 'user') return { type: 'user', text: turn.content };
  return { type: 'model', response: [turn.content] };
}

/**
 * The exact prompt the model is fed for `options`: the fitted history in the model's chat template,
 * with the reply's opening, as token ids and as text with its special tokens written out.
 */
export function renderPrompt(resident: ResidentModel, options: Pick<GenerateOptions, 'turns' | 'passages' | 'maxTokens'>): { prompt: string; tokens: number[] } {
  if (options.turns.length === 0) throw new EnclaveError('invalid-request', 'There is nothing to render: give at least one message.');
  const { fitted } = fitPrompt(resident, options);
  return renderFittedPrompt(resident, fitted.history);
}

/** The exact prompt for a history already fitted to the context (`fitPrompt`): what a reply evaluates. */
export function renderFittedPrompt(resident: ResidentModel, fittedHistory: readonly ChatHistoryItem[]): { prompt: string; tokens: number[] } {
  const history = fittedHistory.at(-1)?.type === 'model' ? [...fittedHistory] : [...fittedHistory, { type: 'model' as const, response: [] }];
  const { chatWrapper, model } = resident;
  const { contextText } = chatWrapper.generateContextState({ chatHistory: history });
  const tokens = contextText.tokenize(model.tokenizer);
  // The template's own text, as llama.cpp's server shows it, with a BOS the vocabulary adds written in
  // front: the context text may carry spaces that are only there to tokenise as llama.cpp does.
  const [first] = contextText.values;
  const bosText = first instanceof SpecialToken ? model.detokenize(first.tokenize(model.tokenizer), true) : '';
  const prompt =
    chatWrapper instanceof LlamaCppTemplateChatWrapper
      ? bosText + chatWrapper.renderPrompt(history)
      : contextText.values.map((value) => (value instanceof SpecialToken ? model.detokenize(value.tokenize(model.tokenizer), true) : value.toString())).join('');
  return { prompt, tokens: tokens.map(Number) };
}
