import http from 'node:http';
import type { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** How the server answers one chat completion request. */
export type Behaviour =
  | { kind: 'ok'; words?: string[]; usage?: boolean }
  | { kind: 'status'; status: number; retryAfter?: string; message?: string; code?: string }
  | { kind: 'cut'; words: string[] }
  | { kind: 'malformed' }
  | { kind: 'error-event'; message: string }
  | { kind: 'no-completion' }
  | { kind: 'slow-headers'; delayMs: number }
  | { kind: 'stall'; words: string[] };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/**
 * An OpenAI-compatible server on loopback for tests: `GET /v1/models` and streaming
 * `POST /v1/chat/completions`, answering each chat request with the next scripted behaviour (then
 * `ok`), and recording every request so tests can see exactly what left the app.
 */
export class FakeOpenAiServer {
  readonly requests: RecordedRequest[] = [];
  private readonly script: Behaviour[] = [];
  private readonly server = http.createServer((request, response) => void this.handle(request, response));
  private readonly sockets = new Set<Socket>();
  models = ['gpt-test', 'gpt-test-mini'];

  constructor() {
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `${this.origin}/v1`;
  }

  get origin(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** The next chat requests get these behaviours, in order. */
  then(...behaviours: Behaviour[]): this {
    this.script.push(...behaviours);
    return this;
  }

  chatRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.path === '/v1/chat/completions');
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body: unknown = raw ? JSON.parse(raw) : null;
    const path = (request.url ?? '').split('?')[0]!;
    this.requests.push({ method: request.method ?? '', path, headers: request.headers, body });
    if (request.method === 'GET' && path === '/v1/models') {
      return json(response, 200, { object: 'list', data: this.models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'test' })) });
    }
    if (request.method !== 'POST' || path !== '/v1/chat/completions') {
      return json(response, 404, { error: { message: `no route ${path}`, type: 'invalid_request_error' } });
    }
    await this.answer(this.script.shift() ?? { kind: 'ok' }, response);
  }

  private async answer(behaviour: Behaviour, response: http.ServerResponse): Promise<void> {
    switch (behaviour.kind) {
      case 'ok':
        return streamWords(response, behaviour.words ?? ['Hello', ' from', ' the', ' endpoint.'], { finish: true, usage: behaviour.usage ?? true });
      case 'status': {
        const headers: Record<string, string> = behaviour.retryAfter ? { 'retry-after': behaviour.retryAfter } : {};
        return json(response, behaviour.status, { error: { message: behaviour.message ?? `status ${behaviour.status}`, type: 'error', code: behaviour.code ?? null } }, headers);
      }
      case 'cut':
        streamHead(response);
        for (const word of behaviour.words) response.write(sse(chunk(word, null)));
        await delay(20);
        response.socket?.destroy();
        return;
      case 'malformed':
        streamHead(response);
        response.write('data: {"id": "x", "choices": [ {not json\n\n');
        response.end();
        return;
      case 'error-event':
        streamHead(response);
        response.write(sse({ error: { message: behaviour.message, type: 'server_error' } }));
        response.end();
        return;
      case 'no-completion':
        return json(response, 200, { note: 'this is not a completion' });
      case 'slow-headers':
        await delay(behaviour.delayMs);
        if (!response.destroyed) return streamWords(response, ['late'], { finish: true, usage: true });
        return;
      case 'stall':
        streamHead(response);
        for (const word of behaviour.words) response.write(sse(chunk(word, null)));
        return; // and never another byte
    }
  }
}

function json(response: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function streamHead(response: http.ServerResponse): void {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
}

function chunk(content: string | null, finish: string | null) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'gpt-test',
    choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: finish }],
  };
}

function sse(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

function streamWords(response: http.ServerResponse, words: string[], options: { finish: boolean; usage: boolean }): void {
  streamHead(response);
  for (const word of words) response.write(sse(chunk(word, null)));
  if (options.finish) response.write(sse(chunk(null, 'stop')));
  if (options.usage) {
    response.write(sse({ ...chunk(null, null), choices: [], usage: { prompt_tokens: 21, completion_tokens: words.length, total_tokens: 21 + words.length } }));
  }
  response.end('data: [DONE]\n\n');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
