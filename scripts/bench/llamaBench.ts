/**
 * Runs llama.cpp's `llama-bench` on a model and reads its figures: decode (tg) and prompt processing
 * (pp, per prompt length), CPU only, at the thread count the benchmark gives Enclave. Tries the
 * fastest build first (native) and falls back to the portable one when the native build crashes on
 * the model's weight type (see llamaTools.ts), saying which build the figures come from.
 */
import { spawnSync } from 'node:child_process';
import { ensureLlamaTools, type LlamaToolsVariant, llamaSourceCommit } from './llamaTools.js';

export interface LlamaBenchFigures {
  variant: LlamaToolsVariant;
  /** The llama.cpp commit the tool was built from. */
  commit: string;
  decodeTokensPerSecond: number;
  promptTokensPerSecond: Map<number, number>;
}

interface LlamaBenchRow {
  n_prompt: number;
  n_gen: number;
  avg_ts: number;
}

interface LlamaBenchOptions {
  threads: number;
  decodeTokens: number;
  promptLengths: readonly number[];
  repetitions?: number;
  log?: (line: string) => void;
}

export function llamaBenchFigures(modelPath: string, options: LlamaBenchOptions): LlamaBenchFigures {
  const failures: string[] = [];
  for (const variant of ['native', 'portable'] as const) {
    const tools = ensureLlamaTools(variant, options.log);
    const args = ['-m', modelPath, '-t', String(options.threads), '-ngl', '0', '-r', String(options.repetitions ?? 3), '-o', 'json'];
    args.push('-p', options.promptLengths.join(','), '-n', String(options.decodeTokens));
    const result = spawnSync(tools.bench, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    if (result.status !== 0) {
      failures.push(`${variant}: ${result.signal ?? `exit ${result.status}`} ${result.stderr.trim().split('\n').at(-1) ?? ''}`);
      continue;
    }
    const rows = JSON.parse(result.stdout) as LlamaBenchRow[];
    const decode = rows.find((row) => row.n_prompt === 0 && row.n_gen === options.decodeTokens);
    if (!decode) throw new Error(`llama-bench printed no tg${options.decodeTokens} row`);
    const prompts = new Map(rows.filter((row) => row.n_gen === 0).map((row) => [row.n_prompt, row.avg_ts] as const));
    return { variant, commit: llamaSourceCommit(), decodeTokensPerSecond: decode.avg_ts, promptTokensPerSecond: prompts };
  }
  throw new Error(`llama-bench ran with no build: ${failures.join('; ')}`);
}
