import type { DocumentService } from '../documents/documentService.js';
import type { LocalProvider } from '../llm/localProvider.js';
import type { ModelRegistry } from '../models/registry.js';

/** What the API server's routes use of core: local models only (there is no way to a remote endpoint here). */
export interface ApiServices {
  provider: LocalProvider;
  models: () => ModelRegistry;
  documents: () => DocumentService;
  /** The reply length when a request gives none (the app's own default). */
  defaultMaxTokens: number;
}

/** What a route reports of a request for its audit entry: figures and identifiers, never content. */
export interface RouteOutcome {
  /** The catalog id of the model used, or null (a listing). */
  model: string | null;
  stream: boolean;
  promptTokens: number;
  completionTokens: number;
  /** How a reply ended (`end`, `max-tokens`, `aborted`), when there was one. */
  finish?: string;
  /** Texts embedded, for /v1/embeddings. */
  inputs?: number;
}
