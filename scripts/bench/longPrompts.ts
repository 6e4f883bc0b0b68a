/**
 * Long prompts of an exact length in the model's own tokens, for time-to-first-token measurements:
 * plain varied prose, cut at a token boundary. Each run gets a prompt of its own, different from its
 * first words: the model host reuses the evaluated prefix a new chat shares with the last one (as it
 * should), which would measure the cache, not prompt processing.
 */
import { benchLlama } from './benchLlama.js';

const prose = [
  'The committee met on a grey Tuesday to review the contract for the new regional warehouse.',
  'Each clause was read aloud, and the lawyers noted where the supplier had changed the wording.',
  'Payment terms moved from thirty to forty-five days, which the finance team accepted with reluctance.',
  'The termination clause now requires ninety days of written notice from either party.',
  'A schedule of penalties applies when deliveries arrive more than two working days late.',
  'Insurance must cover fire, flood and theft, with the warehouse operator named on every policy.',
  'Disputes go first to mediation in Lisbon, and only then to the courts of England and Wales.',
  'The supplier keeps ownership of the racking until the final instalment has been paid in full.',
  'Staff employed at the site transfer to the operator with their existing terms and pensions.',
  'An annual audit checks stock levels, safety records and the handling of hazardous goods.',
];

export interface PromptTiming {
  timeToFirstTokenMs: number;
  /** The prompt's tokens as the app counted them (the chat template's included). */
  promptTokens: number;
}

export function promptTiming(startedAt: number, tokenTimes: readonly number[], promptTokens: number): PromptTiming {
  return { timeToFirstTokenMs: (tokenTimes[0] ?? Number.NaN) - startedAt, promptTokens };
}

/** For each length, `runs` different texts, each exactly that many tokens for this model's vocabulary. */
export async function longPrompts(modelPath: string, lengths: readonly number[], runs: number): Promise<Map<number, string[]>> {
  const llama = await benchLlama();
  const model = await llama.loadModel({ modelPath, vocabOnly: true });
  try {
    const longest = Math.max(...lengths);
    const textOfRun = (run: number) => {
      const sentences = [`Case ${String(run + 1)}, file ${String(7919 * (run + 1))}.`];
      for (let index = 0; model.tokenize(sentences.join(' ')).length < longest + 50; index++) {
        // Numbered, so no two sentences are the same text; rotated, so no two runs read alike.
        sentences.push(`${index + 1}. ${prose[(index + run) % prose.length]}`);
      }
      return model.tokenize(sentences.join(' '));
    };
    const texts = Array.from({ length: runs }, (_, run) => textOfRun(run));
    return new Map(lengths.map((length) => [length, texts.map((tokens) => model.detokenize(tokens.slice(0, length)))] as const));
  } finally {
    await model.dispose();
    await llama.dispose();
  }
}
