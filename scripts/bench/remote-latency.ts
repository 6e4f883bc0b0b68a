/**
 * bench:dlp, second figure — latency the app adds to a remote request: time to first token through
 * Enclave's whole remote path (contract dispatch, policy check, retrieval lookup, DLP scan of the
 * prompt and history with redaction, database writes, the openai client through the policy-guarded
 * fetch) against the bare `openai` client streaming the same request from the same loopback server,
 * alternating, in the same run. Target: added p95 <= 5 ms.
 *
 * Fair to both: every request has a prompt of its own (a repeated prompt would let the DLP cache skip
 * the scan of the new message), the bare client sends the same conversation the app sends (the
 * history grows for both, so body size and the server's parsing weigh alike), the order alternates,
 * the first requests are a warm-up, and the server's request log is emptied as the run goes (it keeps
 * every body, which would make garbage collection slower and slower for both peers).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import { startEnclave } from '../../electron/core/enclave.js';
import { dispatchRequest } from '../../electron/core/ipc/dispatch.js';
import { createForkLauncher } from '../../electron/core/llm/host/forkLauncher.js';
import type { ReplyEvent } from '../../electron/shared/replies.js';
import { policySchema } from '../../electron/shared/policy.js';
import { FakeOpenAiServer } from '../fixtures/openAiServer.js';
import { format, median, percentile } from './stats.js';

const runs = Number(process.env.BENCH_RUNS ?? 400);
const warmUp = 10;
/** What the loopback server answers by default: the reply each chat's history holds. */
const serverReply = 'Hello from the endpoint.';

interface Turn {
  role: 'user' | 'assistant';
  content: string;
}
// A realistic request: a couple of kilobytes of prompt with values DLP must redact, over some history.
function promptFor(request: number): string {
  return `${'Please review the following meeting notes and list the actions. '.repeat(30)} Contact: jane.doe@example.com, server 10.1.2.3. (Note ${request}.)`;
}

async function main(): Promise<void> {
  const server = new FakeOpenAiServer();
  // Enclave sends only a model the endpoint lists: the bench's model is one this server lists.
  server.models = ['gpt-4o-mini'];
  const baseUrl = await server.start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-bench-remote-'));
  const core = await startEnclave({
    // Encrypted, as the app's database is by default.
    keySources: { newPassphrase: () => Promise.resolve('enclave benchmark passphrase') },
    dataDir,
    version: 'bench',
    services: { launchModelHost: createForkLauncher({ env: { ENCLAVE_GPU: 'off' } }) },
    policy: {
      policy: policySchema.parse({
        network: { mode: 'allowlist', endpoints: [baseUrl] },
        dlp: { actions: { email: 'redact', ipAddress: 'redact' } },
      }),
      source: { path: 'bench', origin: 'environment', status: 'loaded' },
    },
  });
  const call = async <T>(channel: string, payload: unknown): Promise<T> => {
    const result = await dispatchRequest(core.handlers, channel, payload);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as T;
  };
  const endpoint = await call<{ id: string }>('endpoints.add', { name: 'Loopback', baseUrl });
  const bare = new OpenAI({ baseURL: baseUrl, apiKey: 'no-key', maxRetries: 0 });

  async function appOnce(chatId: string, prompt: string): Promise<number> {
    const started = performance.now();
    let firstToken = 0;
    let ended: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (ended = resolve));
    const onEvent = (event: unknown) => {
      const reply = event as ReplyEvent;
      if (reply.type === 'text' && firstToken === 0) firstToken = performance.now();
      if (reply.type === 'end') ended();
    };
    const sent = await dispatchRequest(core.handlers, 'chats.send', { chatId, content: prompt, remote: { endpointId: endpoint.id, model: 'gpt-4o-mini' } }, onEvent);
    if (!sent.ok) throw new Error(sent.error.message);
    await done;
    return firstToken - started;
  }

  async function bareOnce(history: readonly Turn[], prompt: string): Promise<number> {
    const started = performance.now();
    const stream = await bare.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [...history, { role: 'user', content: prompt }],
      // The app's default generation settings, which it sends with every request (the same field names).
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- the name the app sends, for compatible servers
      max_tokens: 2048,
      temperature: 0.7,
      stream: true,
      stream_options: { include_usage: true },
    });
    let firstToken = 0;
    for await (const chunk of stream) if (firstToken === 0 && chunk.choices[0]?.delta.content) firstToken = performance.now();
    return firstToken - started;
  }

  const app: number[] = [];
  const direct: number[] = [];
  const added: number[] = [];
  // A new chat every 10 requests: history grows to ~20 turns, as in real use, and stays bounded.
  let chatId = '';
  let history: Turn[] = [];
  for (let run = 0; run < runs + warmUp; run++) {
    if (run % 10 === 0) {
      chatId = (await call<{ id: string }>('chats.create', {})).id;
      history = [];
    }
    const prompt = promptFor(run);
    const appFirst = run % 2 === 0;
    const a = appFirst ? await appOnce(chatId, prompt) : 0;
    const b = await bareOnce(history, prompt);
    const c = appFirst ? 0 : await appOnce(chatId, prompt);
    history.push({ role: 'user', content: prompt }, { role: 'assistant', content: serverReply });
    server.requests.length = 0;
    if (run < warmUp) continue;
    app.push(a || c);
    direct.push(b);
    added.push((a || c) - b);
  }
  await core.dispose();
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });

  console.log(`Remote request latency, ${runs} requests each (after ${warmUp} to warm up), loopback OpenAI-compatible server, alternating:`);
  console.log(`  bare openai client        TTFT p50 ${format(median(direct))} ms   p95 ${format(percentile(direct, 95))} ms`);
  console.log(`  Enclave remote path       TTFT p50 ${format(median(app))} ms   p95 ${format(percentile(app, 95))} ms`);
  const addedP95 = percentile(added, 95);
  console.log(`  added latency (paired)    p50 ${format(median(added))} ms   p95 ${format(addedP95)} ms   target <= 5 ms   ${addedP95 <= 5 ? 'MET' : 'NOT MET'}`);
}

await main();
