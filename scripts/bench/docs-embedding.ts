/**
 * bench:docs embedding — chunks per second through Enclave's ingestion embedding path (LocalProvider.embed,
 * the model-host process, its embedding slot; batches of `chunkBatchSize` as ingestion sends them)
 * against a bare node-llama-cpp loop on the same model in the same run (`createEmbeddingContext` with the
 * same threads and context size, `getEmbeddingFor` per chunk, one after another), and against llama.cpp's
 * own `llama-server --embedding` built from the bundled source (llamaTools.ts), sent the same batches as
 * `/v1/embeddings` requests (its slots evaluate the texts of a batch together). Same chunk texts
 * (about 256 tokens each) on both sides; the two sides alternate so drift in machine load hits both
 * alike; figures are medians over rounds, each after a warm-up. Target: app / bare >= 1.0.
 *
 * Models: bench-embedding (all-MiniLM-L6-v2 shapes, random F16 weights: the compute of a real small
 * embedding model; the target is judged on it) and tiny-embedding (64 hidden, no attention or FFN
 * weights: almost no compute, so it shows the path's own overhead).
 * Environment: BENCH_THREADS (2), BENCH_CHUNKS (200), BENCH_ROUNDS (2), BENCH_MODELS (both, comma-separated),
 * BENCH_LLAMA_SERVER (1; 0 leaves the llama-server peer out, which needs a C++ toolchain to build once),
 * BENCH_SERVER_SLOTS (4, llama-server's -np).
 */
import { LlamaLogLevel } from 'node-llama-cpp';
import { chunkBatchSize } from '../../electron/core/documents/ingest/index.js';
import { createForkLauncher } from '../../electron/core/llm/host/forkLauncher.js';
import { LocalProvider } from '../../electron/core/llm/localProvider.js';
import { ensureTestModel } from '../generate-test-models.js';
import { englishWords } from '../gguf/words.js';
import { itemAt } from '../fixtures/itemAt.js';
import { format, median } from './stats.js';
import { benchModelInfo } from './benchModelInfo.js';
import { benchLlama } from './benchLlama.js';
import { startLlamaServer } from './llamaServer.js';

type BenchModel = 'bench-embedding' | 'tiny-embedding';

const threads = Number(process.env.BENCH_THREADS ?? 2);
const chunkCount = Number(process.env.BENCH_CHUNKS ?? 200);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const models = (process.env.BENCH_MODELS ?? 'bench-embedding,tiny-embedding').split(',') as BenchModel[];
/** The embedding context's size, as the model host sizes it: the trained context, at most 2048. */
const contextCap = 2048;
const wordsPerChunk = 250;
const warmUpChunks = 8;
const withLlamaServer = process.env.BENCH_LLAMA_SERVER !== '0';
/** llama-server's slots: the texts of one request are shared out between them and evaluated in one batch. */
const serverSlots = Number(process.env.BENCH_SERVER_SLOTS ?? 4);

/** Deterministic chunk texts of whole words from the generated vocabulary (about one token per word). */
function chunkTexts(): string[] {
  let state = 11;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const words = englishWords.slice(0, 400);
  return Array.from({ length: chunkCount }, () =>
    Array.from({ length: wordsPerChunk }, () => itemAt(words, Math.floor(next() * words.length))).join(' '),
  );
}

async function benchBare(modelPath: string, texts: readonly string[]): Promise<{ chunksPerSecond: number; tokens: number; contextSize: number }> {
  const llama = await benchLlama({ logLevel: LlamaLogLevel.error });
  const model = await llama.loadModel({ modelPath });
  const contextSize = Math.min(contextCap, model.trainContextSize);
  const context = await model.createEmbeddingContext({ threads, contextSize });
  try {
    for (const text of texts.slice(0, warmUpChunks)) await context.getEmbeddingFor(text);
    const started = performance.now();
    for (const text of texts) await context.getEmbeddingFor(text);
    const seconds = (performance.now() - started) / 1000;
    const tokens = texts.reduce((sum, text) => sum + model.tokenize(text).length, 0) / texts.length;
    return { chunksPerSecond: texts.length / seconds, tokens, contextSize };
  } finally {
    await context.dispose();
    await model.dispose();
    await llama.dispose();
  }
}

async function benchApp(id: string, modelPath: string, texts: readonly string[]): Promise<number> {
  const provider = new LocalProvider(createForkLauncher({ env: { ENCLAVE_GPU: 'off' } }), {
    threads,
    contextSize: contextCap,
    gpuLayers: 0,
    memoryBudgetBytes: null,
  });
  const model = benchModelInfo(id, modelPath, threads);
  try {
    // Starts the host and loads the model into its embedding slot, as the first batch of an import does.
    await provider.embed(model, texts.slice(0, warmUpChunks));
    const started = performance.now();
    for (let offset = 0; offset < texts.length; offset += chunkBatchSize) {
      await provider.embed(model, texts.slice(offset, offset + chunkBatchSize));
    }
    return texts.length / ((performance.now() - started) / 1000);
  } finally {
    await provider.dispose();
  }
}

/** Chunks per second through llama-server's /v1/embeddings, the texts sent in batches of `chunkBatchSize`. */
async function benchLlamaServer(modelPath: string, texts: readonly string[], contextSize: number): Promise<{ chunksPerSecond: number; variant: string }> {
  // Each slot gets -c / -np of the context: the embedding context Enclave uses, per slot.
  const args = ['-t', String(threads), '-c', String(serverSlots * contextSize), '-np', String(serverSlots), '--embedding', '--pooling', 'mean'];
  const server = await startLlamaServer(modelPath, [...args, '-b', String(serverSlots * contextSize), '-ub', String(contextSize), '--no-webui']);
  const embed = async (input: readonly string[]) => {
    const response = await fetch(`${server.baseUrl}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input, model: 'bench' }),
    });
    const body = (await response.json()) as { data?: unknown[] };
    if (!response.ok || body.data?.length !== input.length) throw new Error(`llama-server /v1/embeddings answered ${response.status}`);
  };
  try {
    await embed(texts.slice(0, warmUpChunks));
    const started = performance.now();
    for (let offset = 0; offset < texts.length; offset += chunkBatchSize) await embed(texts.slice(offset, offset + chunkBatchSize));
    return { chunksPerSecond: texts.length / ((performance.now() - started) / 1000), variant: server.variant };
  } finally {
    await server.stop();
  }
}

async function benchModel(preset: BenchModel): Promise<void> {
  const modelPath = await ensureTestModel(preset);
  const texts = chunkTexts();
  const bare: number[] = [];
  const app: number[] = [];
  let tokens = 0;
  const server: number[] = [];
  let serverVariant = '';
  for (let round = 0; round < rounds; round++) {
    const result = await benchBare(modelPath, texts);
    bare.push(result.chunksPerSecond);
    tokens = result.tokens;
    app.push(await benchApp(preset, modelPath, texts));
    if (withLlamaServer) {
      const peer = await benchLlamaServer(modelPath, texts, result.contextSize);
      server.push(peer.chunksPerSecond);
      serverVariant = peer.variant;
    }
  }
  const ratio = median(app) / median(bare);
  console.log(`\n${preset}: ${texts.length} chunks of ${format(tokens, 0)} tokens, threads=${threads}, ${rounds} rounds (+ warm-up each)`);
  console.log(`  bare node-llama-cpp loop (in-process)  ${format(median(bare), 1).padStart(8)} chunks/s   (${bare.map((value) => format(value, 1)).join(', ')})`);
  console.log(`  Enclave embedding path (IPC + host)    ${format(median(app), 1).padStart(8)} chunks/s   (${app.map((value) => format(value, 1)).join(', ')})`);
  const judged = preset === 'bench-embedding';
  const verdict = judged ? (ratio >= 1 ? 'MET' : 'NOT MET') : 'overhead check, reported only';
  console.log(`  chunks/s ratio (app / bare): ${format(ratio, 3)}   target >= 1.0   ${verdict}`);
  if (server.length > 0) {
    console.log(`  llama-server --embedding (${serverVariant} build, -np ${serverSlots}) ${format(median(server), 1).padStart(8)} chunks/s   (${server.map((value) => format(value, 1)).join(', ')})`);
    console.log(`  chunks/s ratio (app / llama-server): ${format(median(app) / median(server), 3)}   target >= 0.9 (issue 19)`);
  }
}

console.log('bench:docs embedding — Enclave ingestion embedding path vs a bare node-llama-cpp loop');
for (const preset of models) await benchModel(preset);
