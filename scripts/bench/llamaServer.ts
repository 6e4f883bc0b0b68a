/**
 * llama.cpp's own `llama-server` as a benchmark's peer: started on a model with the flags a benchmark
 * gives it, on a free loopback port, ready once its /health answers 200, and always stopped, also when
 * the benchmark fails or is interrupted (a server left running would skew every later benchmark on
 * this shared machine). Tries the fastest build first (native) and falls back to the portable one when
 * the native build dies on the model's weight type (llamaTools.ts), saying which build runs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { ensureLlamaTools, type LlamaToolsVariant } from './llamaTools.js';

export interface RunningLlamaServer {
  variant: LlamaToolsVariant;
  /** The OpenAI-compatible base URL: `http://127.0.0.1:<port>/v1`. */
  baseUrl: string;
  stop(): Promise<void>;
}

/** How long a model may take to load before the start counts as failed. */
const readyTimeoutMs = 120_000;
/** Every server this process started and has not stopped: killed when the process ends, whatever the path. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of running) child.kill('SIGKILL');
    process.exit(130);
  });
}

/** Starts llama-server on `modelPath` with `args` (besides the model, host and port). */
export async function startLlamaServer(modelPath: string, args: readonly string[], log: (line: string) => void = () => {}): Promise<RunningLlamaServer> {
  const failures: string[] = [];
  for (const variant of ['native', 'portable'] as const) {
    const tools = ensureLlamaTools(variant, log);
    const port = await freePort();
    const child = spawn(tools.server, ['-m', modelPath, '--host', '127.0.0.1', '--port', String(port), ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    running.add(child);
    // Its log is kept only for the reason of a failed start.
    let logTail = '';
    child.stderr.on('data', (chunk: Buffer) => (logTail = (logTail + chunk.toString('utf8')).slice(-2000)));
    const stop = () => stopChild(child);
    try {
      await waitUntilReady(child, `http://127.0.0.1:${port}/health`);
      return { variant, baseUrl: `http://127.0.0.1:${port}/v1`, stop };
    } catch (error) {
      await stop();
      failures.push(`${variant}: ${error instanceof Error ? error.message : String(error)}; ${logTail.trim().split('\n').at(-1) ?? ''}`);
    }
  }
  throw new Error(`llama-server started with no build: ${failures.join(' | ')}`);
}

async function waitUntilReady(child: ChildProcess, healthUrl: string): Promise<void> {
  const deadline = performance.now() + readyTimeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited (${child.signalCode ?? `code ${child.exitCode}`}) while starting`);
    // 503 while the model loads, a refused connection before it listens.
    const healthy = await fetch(healthUrl).then((response) => response.ok, () => false);
    if (healthy) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`not ready after ${readyTimeoutMs / 1000} s`);
}

/** SIGTERM, then SIGKILL if it has not exited within 5 s; resolves once it has exited. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const forced = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(forced);
  }
  running.delete(child);
}

/** A port nothing listens on now: the one the system gives a throwaway listener. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
