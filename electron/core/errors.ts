import type { AppError, ErrorCode } from '../shared/errors.js';

/** The one exception type core throws on purpose; anything else is reported as `internal`. */
export class EnclaveError extends Error {
  override readonly name = 'EnclaveError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Turns anything thrown into an error value fit to cross a boundary, without leaking stack traces. */
export function toAppError(error: unknown): AppError {
  if (error instanceof EnclaveError) return { code: error.code, message: error.message };
  const detail = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Unexpected error: ${detail}` };
}
