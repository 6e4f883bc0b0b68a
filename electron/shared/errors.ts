import { z } from 'zod';

/**
 * Error codes that cross every boundary (IPC, model host, CLI). Each one names a situation a user can
 * act on; the message that travels with it says what to do next.
 */
export const errorCodes = [
  'invalid-request',
  'not-found',
  'busy',
  'model-not-gguf',
  'model-empty',
  'model-truncated',
  'model-corrupt',
  'model-unsupported-version',
  'model-unsupported-architecture',
  'model-file-missing',
  'model-too-large',
  'model-load-failed',
  'model-not-selected',
  'model-host-crashed',
  'model-changed',
  'model-duplicate',
  'model-not-approved',
  'adapter-mismatch',
  'import-cancelled',
  'disk-full',
  'generation-failed',
  'context-too-small',
  'schema-invalid',
  'structured-output-invalid',
  'database-corrupt',
  'database-too-new',
  'database-unavailable',
  'io-error',
  'internal',
  'document-unsupported',
  'document-format-mismatch',
  'document-encrypted',
  'document-corrupt',
  'document-no-text',
  'document-empty',
  'document-binary',
  'document-invalid-utf8',
  'document-zip-bomb',
  'document-missing',
  /** The file a document was imported from is gone or no longer the file that was indexed (its SHA-256 differs). */
  'document-changed',
  'document-too-large',
  'remote-not-allowed',
  'remote-key-missing',
  'remote-unreachable',
  'remote-tls',
  'remote-timeout',
  'remote-auth',
  'remote-not-found',
  'remote-context-length',
  'remote-rate-limited',
  'remote-server-error',
  'remote-bad-response',
  'remote-stream-cut',
  'remote-redirected',
  'dlp-blocked',
  'dlp-confirmation-needed',
  'import-not-enclave',
  'import-too-new',
  'file-not-granted',
  'folder-too-broad',
  'storage-locked',
  'storage-keychain-unavailable',
  'storage-wrong-passphrase',
  'storage-wrong-key',
  'storage-key-file-missing',
  'storage-key-file-corrupt',
  'storage-encryption-required',
  'storage-passphrase-not-allowed',
  'storage-in-use',
  'storage-not-encrypted',
  'backup-invalid',
  'export-not-allowed',
  /** The machine policy does not enable the local API server (`apiServer.enabled`), or not on the network. */
  'api-server-not-allowed',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** An error as a value: what crosses IPC and process boundaries instead of a thrown exception. */
export const appErrorSchema = z.object({
  code: z.enum(errorCodes),
  /** One plain sentence for the user: what happened and what to do next. */
  message: z.string(),
});
export type AppError = z.infer<typeof appErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** Codes that mean "this model could not be loaded", as opposed to a failure while writing a reply. */
export function isModelLoadError(code: ErrorCode): boolean {
  return (
    code.startsWith('model-') &&
    code !== 'model-host-crashed' &&
    code !== 'model-not-selected' &&
    code !== 'model-duplicate'
  );
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}
