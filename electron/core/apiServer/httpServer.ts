import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuditDetails, AuditEventType } from '../../shared/audit.js';
import type { ApiServerPolicy } from '../../shared/policy.js';
import { EnclaveError } from '../errors.js';
import { ApiError, toApiError } from './apiErrors.js';
import { ApiResponse } from './apiResponse.js';
import type { ApiServices, RouteOutcome } from './apiServices.js';
import { FairGate } from './fairGate.js';
import { chatCompletions } from './routes/chatCompletions.js';
import { embeddings } from './routes/embeddings.js';
import { listModels, retrieveModel } from './routes/models.js';

/** The largest request body read: a long conversation with documents pasted in, not a file upload. */
const maxBodyBytes = 8 * 1024 * 1024;

export interface ApiServerOptions {
  services: ApiServices;
  /** Read at every request: a policy changed while the server runs applies to the next request. */
  policy: () => ApiServerPolicy;
  /** The client a bearer token belongs to, or null. */
  authenticate: (token: string) => string | null;
  /** Writes an audit entry; `actor` is `api:<client>` for a client's request. */
  record: (type: AuditEventType, details: AuditDetails, actor?: string) => void;
  /** `127.0.0.1` (loopback) unless the policy allows the network. */
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
}

export interface RunningApiServer {
  /** The base URL clients are given: `http://127.0.0.1:8484/v1`. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Requests running and waiting now. */
  counts(): { running: number; waiting: number };
  /** Stops listening, ends the requests still running (their clients see the stream end) and refuses those waiting. */
  close(): Promise<void>;
}

type Route =
  | { kind: 'models' }
  | { kind: 'model'; modelId: string }
  | { kind: 'chat' }
  | { kind: 'embeddings' };

/**
 * Starts the local OpenAI-compatible server on `host:port`. Every request is authenticated by a
 * client's bearer token and recorded in the audit trail (who, which route and model, figures and
 * outcome: never content); browsers are refused unless the policy lists their origin; requests that
 * use a model wait their turn in a fair gate (fairGate.ts).
 */
export async function startApiServer(options: ApiServerOptions): Promise<RunningApiServer> {
  const gate = new FairGate(() => options.policy().maxConcurrentRequests);
  const running = new Set<AbortController>();
  const server = createServer((request, response) => {
    void serve(options, gate, running, request, response);
  });
  await listen(server, options.host, options.port);
  const { port } = server.address() as AddressInfo;
  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostInUrl}:${port}/v1`,
    host: options.host,
    port,
    counts: () => gate.counts(),
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      gate.refuseAll(new ApiError(503, 'server_error', 'The Enclave API server is stopping.', 'server_stopping'));
      for (const controller of running) controller.abort(new ApiError(503, 'server_error', 'The Enclave API server is stopping.', 'server_stopping'));
      // Streams end as their replies stop; idle keep-alive connections are closed now.
      server.closeIdleConnections();
      const forced = setTimeout(() => server.closeAllConnections(), 2000);
      await closed;
      clearTimeout(forced);
    },
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new EnclaveError('busy', `Port ${port} on ${host} is in use by another program; choose another port (enclave serve --port <n>, or in Settings).`));
      } else if (error.code === 'EACCES') {
        reject(new EnclaveError('io-error', `Enclave may not listen on port ${port} here; choose a port above 1023.`));
      } else {
        reject(new EnclaveError('io-error', `The API server could not listen on ${host}:${port}: ${error.message}`));
      }
    };
    server.once('error', failed);
    server.listen({ host, port, exclusive: true }, () => {
      server.off('error', failed);
      resolve();
    });
  });
}

async function serve(options: ApiServerOptions, gate: FairGate, running: Set<AbortController>, request: IncomingMessage, raw: ServerResponse): Promise<void> {
  const started = performance.now();
  const policy = options.policy();
  const origin = request.headers.origin;
  const allowedOrigin = origin !== undefined && policy.allowedOrigins.includes(origin) ? origin : null;
  const response = new ApiResponse(raw, allowedOrigin ? { 'Access-Control-Allow-Origin': allowedOrigin, Vary: 'Origin' } : {});
  const path = (request.url ?? '/').split('?')[0] ?? '/';

  if (request.method === 'OPTIONS' && allowedOrigin) {
    request.resume();
    raw.writeHead(204, {
      'Access-Control-Allow-Origin': allowedOrigin,
      'Access-Control-Allow-Methods': 'GET, POST',
      'Access-Control-Allow-Headers': 'Authorization, Content-Type',
      'Access-Control-Max-Age': '600',
      Vary: 'Origin',
    });
    raw.end();
    return;
  }
  const client = admit(options, request, origin, allowedOrigin);
  if (client instanceof ApiError) {
    request.resume();
    response.json(client.status, client.body());
    options.record('api.refused', { route: `${request.method ?? ''} ${path.slice(0, 100)}`, status: client.status, reason: client.code ?? client.type });
    return;
  }

  const controller = new AbortController();
  running.add(controller);
  raw.on('close', () => {
    if (!raw.writableFinished) controller.abort(new ApiError(499, 'invalid_request_error', 'The client closed the connection.', 'client_closed'));
  });
  let outcome: RouteOutcome | null = null;
  let errorCode: string | null = null;
  let routeName = `${request.method ?? ''} ${path.slice(0, 100)}`;
  try {
    const route = matchRoute(request.method ?? 'GET', path);
    routeName = describeRoute(route, routeName);
    outcome = await runRoute(options.services, gate, route, client, request, response, controller.signal);
  } catch (error) {
    const apiError = controller.signal.aborted && controller.signal.reason instanceof ApiError ? controller.signal.reason : toApiError(error);
    errorCode = apiError.code ?? apiError.type;
    if (response.isStreaming) {
      response.event(apiError.body());
      response.endEvents();
    } else {
      request.resume();
      response.json(apiError.status, apiError.body());
    }
  } finally {
    running.delete(controller);
  }
  options.record(
    'api.request',
    {
      route: routeName,
      status: errorCode === null ? 200 : response.status,
      model: outcome?.model ?? null,
      stream: outcome?.stream ?? false,
      promptTokens: outcome?.promptTokens ?? 0,
      completionTokens: outcome?.completionTokens ?? 0,
      ...(outcome?.inputs === undefined ? {} : { inputs: outcome.inputs }),
      outcome: errorCode ?? (outcome?.finish === 'aborted' ? 'cancelled' : 'ok'),
      durationMs: Math.round(performance.now() - started),
    },
    `api:${client}`,
  );
}

/**
 * The client making the request, or why it is refused: a web page from an origin the policy does not
 * list never gets an answer its script could read; a Host header that is not this server's (DNS
 * rebinding) is refused; then the bearer token must be a client's.
 */
function admit(options: ApiServerOptions, request: IncomingMessage, origin: string | undefined, allowedOrigin: string | null): string | ApiError {
  if (origin !== undefined && !allowedOrigin) {
    return new ApiError(403, 'permission_error', 'Requests from web pages are not allowed by the machine policy (apiServer.allowedOrigins).', 'origin_not_allowed');
  }
  if (!hostAllowed(request.headers.host, options.host)) {
    return new ApiError(403, 'permission_error', 'The Host header names no address this server listens on.', 'host_not_allowed');
  }
  const client = authenticate(options, request.headers.authorization);
  if (client) return client;
  return new ApiError(
    401,
    'authentication_error',
    'A valid client token is needed: send "Authorization: Bearer <token>" (Settings, Local API, or "enclave serve tokens add <name>").',
    'invalid_api_key',
  );
}

function authenticate(options: ApiServerOptions, header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ? options.authenticate(match[1]) : null;
}

/**
 * Whether the Host header names this server. On loopback only loopback names are answered: a web
 * page whose own host name was pointed at 127.0.0.1 (DNS rebinding) sends its own name, and is refused.
 */
function hostAllowed(header: string | undefined, listeningOn: string): boolean {
  if (!isLoopback(listeningOn)) return true;
  const name = (header ?? '').replace(/:\d+$/, '').toLowerCase();
  return name === 'localhost' || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name);
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function matchRoute(method: string, path: string): Route {
  const routes: Record<string, { method: string; route: Route }> = {
    '/v1/models': { method: 'GET', route: { kind: 'models' } },
    '/v1/chat/completions': { method: 'POST', route: { kind: 'chat' } },
    '/v1/embeddings': { method: 'POST', route: { kind: 'embeddings' } },
  };
  const known = Object.hasOwn(routes, path) ? routes[path] : undefined;
  const modelPath = /^\/v1\/models\/([^/]+)$/.exec(path);
  const found = known ?? (modelPath?.[1] ? { method: 'GET', route: { kind: 'model', modelId: decodeURIComponent(modelPath[1]) } as Route } : undefined);
  if (!found) throw new ApiError(404, 'not_found_error', `There is no ${path} here. Enclave serves /v1/models, /v1/chat/completions and /v1/embeddings.`, 'unknown_url');
  if (found.method !== method) throw new ApiError(405, 'invalid_request_error', `${path} takes ${found.method} requests, not ${method}.`, 'method_not_allowed');
  return found.route;
}

function describeRoute(route: Route, fallback: string): string {
  switch (route.kind) {
    case 'models':
      return 'GET /v1/models';
    case 'model':
      return 'GET /v1/models/{id}';
    case 'chat':
      return 'POST /v1/chat/completions';
    case 'embeddings':
      return 'POST /v1/embeddings';
    default:
      return fallback;
  }
}

async function runRoute(
  services: ApiServices,
  gate: FairGate,
  route: Route,
  client: string,
  request: IncomingMessage,
  response: ApiResponse,
  signal: AbortSignal,
): Promise<RouteOutcome> {
  if (route.kind === 'models') return listModels(services, response);
  if (route.kind === 'model') return retrieveModel(services, route.modelId, response);
  const body = await readJsonBody(request);
  const release = await gate.acquire(client, signal);
  try {
    return route.kind === 'chat' ? await chatCompletions(services, body, response, signal) : await embeddings(services, body, response, signal);
  } finally {
    release();
  }
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBodyBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') throw new ApiError(400, 'invalid_request_error', 'The request has no body; send the request as JSON.', 'invalid_json');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ApiError(400, 'invalid_request_error', `The request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`, 'invalid_json');
  }
}

function tooLarge(): ApiError {
  return new ApiError(413, 'invalid_request_error', `The request body is larger than ${maxBodyBytes / 1024 / 1024} MB.`, 'request_too_large');
}
