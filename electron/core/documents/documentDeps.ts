import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { AppSettings, EnclaveEvent, ModelInfo } from '../../shared/domain.js';
import type { AuditTrail } from '../audit/auditTrail.js';
import { EnclaveError, toAppError } from '../errors.js';
import type { IngestParser, IngestProvider } from './ingest/ingestDocument.js';

/** What the documents feature needs from the rest of core. */
export interface DocumentServiceDeps {
  db: Database;
  /** Documents imported and removed, collections created, deleted and marked confidential are recorded here. */
  audit: AuditTrail;
  provider: IngestProvider;
  /** Reads files' sections in the document reader process (a `DocumentParserClient`). */
  parser: IngestParser;
  emit: (event: EnclaveEvent) => void;
  settings: () => AppSettings;
  /** A catalog model by id (or, from the CLI, by path), checked for integrity. */
  resolveModel: (reference: string) => Promise<ModelInfo>;
}

/** The embedding model in use, resolved; one that cannot be used is a specific, actionable error. */
export async function resolveEmbeddingModel(deps: DocumentServiceDeps, modelId: string | null): Promise<ModelInfo | null> {
  if (modelId === null) return null;
  try {
    return await deps.resolveModel(modelId);
  } catch (error) {
    const cause = toAppError(error);
    throw new EnclaveError(
      cause.code,
      `The embedding model set for documents (${modelId}) cannot be used: ${cause.message} Choose another in Settings.`,
    );
  }
}
