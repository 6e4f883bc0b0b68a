import type { EnclaveApi } from '@shared/api.js';
import type { AppError, Result } from '@shared/errors.js';

/** Present only when the preload script ran; a plain browser tab has no `window.enclave`. */
export function hasEnclave(): boolean {
  return window.enclave !== undefined;
}

/** The preload API. Components call this rather than reading `window` so the lookup lives in one place. */
export function enclave(): EnclaveApi {
  const api = window.enclave;
  if (!api) throw new Error('window.enclave is missing: the preload script did not run.');
  return api;
}

/**
 * Awaits a call and turns a rejected promise (a broken IPC transport, a bug) into an error value, so
 * every failure reaches the screen through the same `{ ok: false, error }` path and none is lost.
 */
export async function settle<T>(call: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await call();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: { code: 'internal', message: `Something went wrong inside Enclave: ${message}` } };
  }
}

/** The sentence a user reads for an error; the code is for logs and tests, not for people. */
export function describeError(error: AppError): string {
  return error.message.trim() || 'Something went wrong, and Enclave could not say what.';
}
