import { type ChatHistoryItem, LlamaChatSession } from 'node-llama-cpp';
import { EnclaveError } from '../../errors.js';
import type { GenerateOptions, GenerationResult } from './protocol.js';
import type { ResidentModel } from './residentModels.js';

/** Writes one chat reply on a resident model's sequence, streaming text as it comes. */
export async function generateReply(
  resident: ResidentModel,
  options: GenerateOptions,
  onText: (text: string) => void,
  signal: AbortSignal,
): Promise<GenerationResult> {
  const last = options.turns.at(-1);
  if (last?.role !== 'user') {
    throw new EnclaveError('invalid-request', 'A reply can only be generated after a user message.');
  }

  const session = new LlamaChatSession({
    contextSequence: resident.sequence,
    chatWrapper: resident.chatWrapper,
    autoDisposeSequence: false,
  });
  try {
    session.setChatHistory(options.turns.slice(0, -1).map(toHistoryItem));
    const started = performance.now();
    let firstTokenAt: number | null = null;
    let tokensOut = 0;
    const response = await session.promptWithMeta(last.content, {
      maxTokens: options.maxTokens,
      temperature: options.temperature,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      signal,
      stopOnAbortSignal: true,
      onToken: (tokens) => {
        tokensOut += tokens.length;
      },
      onTextChunk: (text) => {
        firstTokenAt ??= performance.now();
        onText(text);
      },
    });
    const durationMs = performance.now() - started;
    const tokensInContext = resident.sequence.nextTokenIndex;
    return {
      text: response.responseText,
      stopReason: toStopReason(response.stopReason),
      tokensIn: Math.max(0, tokensInContext - tokensOut),
      tokensOut,
      timeToFirstTokenMs: firstTokenAt === null ? null : firstTokenAt - started,
      durationMs,
    };
  } catch (error) {
    throw describeGenerationError(error);
  } finally {
    session.dispose({ disposeSequence: false });
  }
}

function toHistoryItem(turn: GenerateOptions['turns'][number]): ChatHistoryItem {
  if (turn.role === 'system') return { type: 'system', text: turn.content };
  if (turn.role === 'user') return { type: 'user', text: turn.content };
  return { type: 'model', response: [turn.content] };
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
