import type { ErrorCode } from '../../shared/errors.js';
import { toAppError } from '../errors.js';

/** OpenAI's error types, which its clients sort errors by. */
export type ApiErrorType = 'invalid_request_error' | 'authentication_error' | 'permission_error' | 'not_found_error' | 'rate_limit_error' | 'server_error';

/**
 * An error as the OpenAI API reports it: an HTTP status and `{ error: { message, type, param, code } }`.
 * The clients (the `openai` SDK, LangChain) turn the status into their own error classes.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly type: ApiErrorType,
    message: string,
    readonly code: string | null = null,
    readonly param: string | null = null,
  ) {
    super(message);
  }

  body(): { error: { message: string; type: ApiErrorType; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export function invalidRequest(message: string, param: string | null = null, code: string | null = null): ApiError {
  return new ApiError(400, 'invalid_request_error', message, code, param);
}

/** Enclave's error codes as HTTP statuses: what the client did wrong, or what went wrong here. */
const statusByCode: Partial<Record<ErrorCode, [number, ApiErrorType]>> = {
  'invalid-request': [400, 'invalid_request_error'],
  'schema-invalid': [400, 'invalid_request_error'],
  'context-too-small': [400, 'invalid_request_error'],
  'not-found': [404, 'not_found_error'],
  'model-file-missing': [404, 'not_found_error'],
  'model-not-approved': [403, 'permission_error'],
  'model-changed': [409, 'invalid_request_error'],
  busy: [429, 'rate_limit_error'],
  'storage-locked': [503, 'server_error'],
  'database-unavailable': [503, 'server_error'],
};

/** Any error thrown while serving, in the API's shape; Enclave's own message, never a stack trace. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const appError = toAppError(error);
  const [status, type] = statusByCode[appError.code] ?? [500, 'server_error'];
  const code = appError.code === 'context-too-small' ? 'context_length_exceeded' : appError.code;
  return new ApiError(status, type, appError.message, code);
}
