import { z } from 'zod';

/**
 * The local OpenAI-compatible API (core/apiServer/): other programs on this machine use the local
 * models through it, under the machine policy's `apiServer` section, each with a bearer token of its
 * own. What the window and the CLI see of it: its state and its clients' tokens (never a token's
 * value after it was shown once).
 */

/** The port the server listens on unless the user chooses another. */
export const defaultApiServerPort = 8484;

/** A client's token as listed: its name (what the audit trail shows) and use, never the token. */
export interface ApiTokenInfo {
  name: string;
  createdAt: number;
  /** The last request it authenticated, or null. */
  lastUsedAt: number | null;
}

/** A token just made: its value is in this answer only; Enclave keeps its SHA-256. */
export interface ApiTokenCreated {
  name: string;
  token: string;
  createdAt: number;
}

export interface ApiServerStatus {
  /** The machine policy's `apiServer.enabled`: without it the server never starts. */
  allowedByPolicy: boolean;
  /** The Settings switch, as the user left it: on means the server starts with the app. */
  enabled: boolean;
  /** Listening now (in this process: the window's, or `enclave serve`). */
  running: boolean;
  /** The base URL clients use (`http://127.0.0.1:8484/v1`) while running, else null. */
  url: string | null;
  /** The port set in Settings (the one `enclave serve` uses without --port). */
  port: number;
  /** Whether the policy lets the server listen beyond loopback (`apiServer.allowLan`). */
  allowLan: boolean;
  /** Web origins the policy lets call it from a browser (CORS); empty: none. */
  allowedOrigins: string[];
  /** Requests the server runs at once; more wait in turn, fairly between clients. */
  maxConcurrentRequests: number;
  tokens: ApiTokenInfo[];
  /** Why it is not running although the setting asks for it (a port in use), or null. */
  problem: string | null;
}

/** A client's name: shown in the audit trail and used to revoke it; letters, digits, spaces, `._-`. */
export const apiClientNameSchema = z
  .string()
  .trim()
  .min(1, 'a client name must not be empty')
  .max(64)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u, 'a client name is letters, digits, spaces, ".", "_" and "-"');

const empty = z.object({}).strict();

/** The API server channels of the contract (shared/contract.ts): what each request carries. */
export const apiServerChannelSchemas = {
  'apiServer.status': empty,
  /** Starts or stops the server in this process and remembers the choice (Settings' switch); the port is kept. */
  'apiServer.setEnabled': z.object({ enabled: z.boolean(), port: z.number().int().min(1024).max(65535).optional() }).strict(),
  /** A new client token, shown once; a name already in use is refused. */
  'apiServer.addToken': z.object({ name: apiClientNameSchema }).strict(),
  /** The client's token stops working at once. */
  'apiServer.revokeToken': z.object({ name: apiClientNameSchema }).strict(),
} as const;

/** What each API server channel answers. */
export interface ApiServerChannelResults {
  'apiServer.status': ApiServerStatus;
  'apiServer.setEnabled': ApiServerStatus;
  'apiServer.addToken': ApiTokenCreated;
  'apiServer.revokeToken': { name: string };
}
