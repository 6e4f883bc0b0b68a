import type { ServerResponse } from 'node:http';

/**
 * One response of the API server: a JSON body, or a stream of server-sent events as OpenAI's clients
 * read them (`data: <json>` lines, a blank line after each, `data: [DONE]` last). Headers common to
 * every response (CORS for an allowed origin) are given once, by the server.
 */
export class ApiResponse {
  private streaming = false;

  constructor(
    private readonly response: ServerResponse,
    private readonly commonHeaders: Readonly<Record<string, string>>,
  ) {}

  /** The HTTP status sent, once headers are out (a stream is 200 from its first event). */
  get status(): number {
    return this.response.statusCode;
  }

  get isStreaming(): boolean {
    return this.streaming;
  }

  json(status: number, body: unknown): void {
    if (this.response.headersSent) return;
    const text = JSON.stringify(body);
    this.response.writeHead(status, {
      ...this.commonHeaders,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
    });
    this.response.end(text);
  }

  /** Starts an event stream: headers go now, so a client sees the request accepted before the model loads. */
  startEvents(): void {
    if (this.streaming) return;
    this.streaming = true;
    this.response.writeHead(200, {
      ...this.commonHeaders,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache',
      // No proxy between a local client and this server should hold events back.
      'X-Accel-Buffering': 'no',
    });
    this.response.flushHeaders();
  }

  event(data: unknown): void {
    if (!this.response.writableEnded) this.response.write(`data: ${JSON.stringify(data)}\n\n`);
  }

  /** Ends an event stream the way OpenAI's does. */
  endEvents(): void {
    if (this.response.writableEnded) return;
    this.response.end('data: [DONE]\n\n');
  }
}
