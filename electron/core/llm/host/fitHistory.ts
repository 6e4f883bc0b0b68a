import type { ChatHistoryItem, ChatWrapper, LlamaModel } from 'node-llama-cpp';
import { EnclaveError } from '../../errors.js';

/** The conversation as it will be sent, and what fitting it cost. */
export interface FittedHistory {
  history: ChatHistoryItem[];
  /** Turns of the conversation left out, oldest first. */
  droppedTurns: number;
  /** Tokens the prompt takes: the turns sent, rendered by the chat template, up to where the reply starts. */
  promptTokens: number;
}

export interface FitLimits {
  contextSize: number;
  /** Tokens kept free for the reply; a reply that outgrows them goes on through node-llama-cpp's context shift. */
  replyReserve: number;
}

/**
 * Makes a conversation fit the context: when the whole history does not fit, the oldest exchanges are
 * left out, a user turn with the replies after it at a time, until it does. The leading system prompt
 * and the last user turn (with a partial reply being continued after it) are always sent; if they
 * alone do not fit, the request is refused with `context-too-small` instead of cut silently.
 */
export function fitHistory(model: LlamaModel, chatWrapper: ChatWrapper, items: ChatHistoryItem[], limits: FitLimits): FittedHistory {
  const budget = limits.contextSize - limits.replyReserve - 1; // node-llama-cpp keeps one token free.
  const countTokens = (history: ChatHistoryItem[]) => promptTokens(model, chatWrapper, history);
  const whole = countTokens(items);
  if (whole <= budget) return { history: items, droppedTurns: 0, promptTokens: whole };

  const { head, exchanges, tail } = splitConversation(items);
  const keep = (dropped: number) => [...head, ...exchanges.slice(dropped).flat(), ...tail];
  const essential = countTokens(keep(exchanges.length));
  if (essential > budget) throw contextTooSmall(essential, limits, head.length > 0);

  // Rendering a long history is the costly part: estimate from each exchange's own tokens where the
  // cut goes, then settle it exactly by rendering only what would be sent (bounded by the context).
  const contentTokens = exchanges.map((exchange) => exchange.reduce((sum, item) => sum + itemTokens(model, item), 0));
  const turnCount = exchanges.reduce((sum, exchange) => sum + exchange.length, 0);
  const templatePerTurn = Math.max(0, (whole - essential - contentTokens.reduce((sum, tokens) => sum + tokens, 0)) / turnCount);
  const exchangeCosts = exchanges.map((exchange, index) => (contentTokens[index] ?? 0) + templatePerTurn * exchange.length);
  let dropped = estimateDropped(exchangeCosts, budget - essential);
  let tokens = countTokens(keep(dropped));
  while (tokens > budget && dropped < exchanges.length) tokens = countTokens(keep(++dropped));
  while (dropped > 0) {
    const more = countTokens(keep(dropped - 1));
    if (more > budget) break;
    dropped--;
    tokens = more;
  }
  const droppedTurns = exchanges.slice(0, dropped).reduce((sum, exchange) => sum + exchange.length, 0);
  return { history: keep(dropped), droppedTurns, promptTokens: tokens };
}

/** The tokens of the prompt the model reads before writing: the history as the chat template renders it. */
export function promptTokens(model: LlamaModel, chatWrapper: ChatWrapper, history: ChatHistoryItem[]): number {
  const withReply: ChatHistoryItem[] = history.at(-1)?.type === 'model' ? history : [...history, { type: 'model', response: [] }];
  return chatWrapper.generateContextState({ chatHistory: withReply }).contextText.tokenize(model.tokenizer).length;
}

/** What `fitHistory` never drops: the leading system turns and the last user turn with anything after it. */
export function essentialItems(items: ChatHistoryItem[]): ChatHistoryItem[] {
  const { head, tail } = splitConversation(items);
  return [...head, ...tail];
}

/**
 * Leading system turns (kept), the exchanges that may be dropped (each a user turn and what follows
 * it), and the last user turn with anything after it (kept).
 */
function splitConversation(items: ChatHistoryItem[]): { head: ChatHistoryItem[]; exchanges: ChatHistoryItem[][]; tail: ChatHistoryItem[] } {
  let headEnd = 0;
  while (items[headEnd]?.type === 'system') headEnd++;
  const lastUser = items.findLastIndex((item) => item.type === 'user');
  const tailStart = lastUser < headEnd ? headEnd : lastUser;
  const exchanges: ChatHistoryItem[][] = [];
  for (const item of items.slice(headEnd, tailStart)) {
    const current = exchanges.at(-1);
    if (item.type === 'user' || !current) exchanges.push([item]);
    else current.push(item);
  }
  return { head: items.slice(0, headEnd), exchanges, tail: items.slice(tailStart) };
}

function itemTokens(model: LlamaModel, item: ChatHistoryItem): number {
  const parts = item.type === 'model' ? item.response : [item.text];
  const text = parts.filter((part) => typeof part === 'string').join('');
  return model.tokenize(text).length;
}

/** The fewest oldest exchanges to drop so that the estimated cost of the rest fits in `room`. */
function estimateDropped(exchangeCosts: number[], room: number): number {
  let kept = 0;
  let index = exchangeCosts.length;
  while (index > 0) {
    const next = kept + (exchangeCosts[index - 1] ?? 0);
    if (next > room) break;
    kept = next;
    index--;
  }
  return index;
}

function contextTooSmall(essential: number, limits: FitLimits, hasSystemPrompt: boolean): EnclaveError {
  const what = hasSystemPrompt ? 'The system prompt and the last message take' : 'The last message takes';
  return new EnclaveError(
    'context-too-small',
    `${what} ${essential} tokens, but the model's context holds ${limits.contextSize} tokens with ${limits.replyReserve} kept free for the reply. Shorten the message, or raise the model's context size.`,
  );
}
