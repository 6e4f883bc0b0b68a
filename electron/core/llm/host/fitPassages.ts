import { type ChatHistoryItem, type ChatWrapper, type LlamaModel, LlamaText } from 'node-llama-cpp';
import { EnclaveError } from '../../errors.js';
import { essentialItems, type FitLimits, promptTokens } from './fitHistory.js';
import { type FencedPassage, passageText } from './protocol.js';

/** The conversation with the passages that fit in its system turn. */
export interface FittedPassages {
  items: ChatHistoryItem[];
  /** How many passages, best first, the system turn holds. */
  used: number;
  /** The 1-based number of the passage whose text was cut to fit; undefined when none was. */
  shortened: number | undefined;
}

/** A shortened passage keeps at least this many tokens of its text, or is left out: a few words cite nothing. */
const minShortenedTokens = 48;
/** Put where a passage's text was cut, so the model (and a reader of the prompt) sees it is not whole. */
const cutMark = ' […]';

/**
 * Puts as many passages (best first) into the first turn, the system turn with the instructions, as
 * the context holds with the system prompt, the question and the reply's reserve: the lowest-ranked
 * are left out, then the best one left out is shortened into the room remaining. Earlier exchanges
 * are not counted here; `fitHistory` drops those after, as it does for any conversation. If not one
 * passage fits, even shortened, the request is refused with the fix that works: a model with a larger
 * context, or a shorter question.
 */
export function fitPassages(
  model: LlamaModel,
  chatWrapper: ChatWrapper,
  items: ChatHistoryItem[],
  passages: readonly FencedPassage[],
  limits: FitLimits,
): FittedPassages {
  const [system, ...rest] = items;
  if (system?.type !== 'system' || passages.length === 0) return { items, used: 0, shortened: undefined };
  const budget = limits.contextSize - limits.replyReserve - 1; // node-llama-cpp keeps one token free.
  const essential = essentialItems(rest);
  const instructions = typeof system.text === 'string' ? system.text : LlamaText.fromJSON(system.text).toString();
  const withPassages = (chosen: readonly FencedPassage[], others: ChatHistoryItem[]): ChatHistoryItem[] => [
    { type: 'system', text: [instructions, '', ...chosen.map(passageText)].join('\n') },
    ...others,
  ];
  const tokensWith = (chosen: readonly FencedPassage[]) => promptTokens(model, chatWrapper, withPassages(chosen, essential));

  const bare = tokensWith([]);
  if (bare > budget) throw noRoomForPassages(bare, limits, 'no room for any passage');
  let used = passages.length;
  let tokens = tokensWith(passages);
  while (tokens > budget && used > 0) tokens = tokensWith(passages.slice(0, --used));
  const kept = passages.slice(0, used);
  let shortened: number | undefined;
  const next = passages[used];
  if (next) {
    const cut = shortenToFit(model, next, (candidate) => tokensWith([...kept, candidate]) <= budget);
    if (cut) {
      kept.push(cut);
      shortened = used + 1;
    }
  }
  if (kept.length === 0) throw noRoomForPassages(bare, limits, 'too little room for even one passage');
  return { items: withPassages(kept, rest), used: kept.length, shortened };
}

/** The passage with its text cut to the most tokens that still fit; null if fewer than the minimum would. */
function shortenToFit(model: LlamaModel, passage: FencedPassage, fits: (candidate: FencedPassage) => boolean): FencedPassage | null {
  const tokens = model.tokenize(passage.text);
  const cutAt = (count: number): FencedPassage => ({ ...passage, text: model.detokenize(tokens.slice(0, count)).trimEnd() + cutMark });
  let low = minShortenedTokens;
  let high = tokens.length - 1;
  if (high < low || !fits(cutAt(low))) return null;
  // The most tokens that fit, by bisection: each test renders the prompt once.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(cutAt(middle))) low = middle;
    else high = middle - 1;
  }
  return cutAt(low);
}

function noRoomForPassages(tokens: number, limits: FitLimits, left: string): EnclaveError {
  return new EnclaveError(
    'context-too-small',
    `The question with the instructions for answering from documents takes ${tokens} tokens, leaving ${left} in the model's context of ${limits.contextSize} tokens (${limits.replyReserve} kept free for the reply). Ask a shorter question, or use a model with a larger context.`,
  );
}
