import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { EnclaveError } from '../errors.js';

const tlsCodes = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i;
const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME']);

/** The error code of the deepest cause (undici wraps the socket error in `cause`). */
function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  let code: string | undefined;
  for (let depth = 0; current && depth < 5; depth++) {
    const candidate = (current as { code?: unknown }).code;
    if (typeof candidate === 'string') code = candidate;
    current = (current as { cause?: unknown }).cause;
  }
  return code;
}

/** `instanceof APIError`, typed with the class's defaults (`instanceof` alone gives `APIError<any, any, any>`). */
export function isApiError(error: unknown): error is APIError {
  return error instanceof APIError;
}

/** What the server said, shortened: it goes in a message the user reads, never a prompt or key. */
function serverMessage(error: APIError): string {
  const body: unknown = error.error;
  const said = typeof body === 'object' && body !== null && 'message' in body ? body.message : undefined;
  const text = typeof said === 'string' ? said : '';
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/**
 * One specific, actionable error per way a remote request fails: the endpoint's name is in every
 * message so a user with several endpoints knows which one to look at.
 */
export function toRemoteError(error: unknown, endpointName: string, model: string): EnclaveError {
  if (error instanceof EnclaveError) return error;
  if (error instanceof APIConnectionTimeoutError) {
    return new EnclaveError('remote-timeout', `${endpointName} did not start answering in time; it may be overloaded. Try again later.`);
  }
  if (error instanceof APIConnectionError) {
    const code = causeCode(error);
    if (code && dnsCodes.has(code)) {
      return new EnclaveError('remote-unreachable', `The address of ${endpointName} could not be resolved (DNS); check the base URL and the network.`);
    }
    if (code && tlsCodes.test(code)) {
      return new EnclaveError('remote-tls', `The secure connection to ${endpointName} failed (${code}); its certificate is not trusted on this machine.`);
    }
    return new EnclaveError('remote-unreachable', `${endpointName} could not be reached${code ? ` (${code})` : ''}; it may be down or the base URL wrong.`);
  }
  if (isApiError(error)) {
    const said = serverMessage(error);
    const detail = said ? `: ${said}` : '.';
    switch (error.status) {
      case 401:
        return new EnclaveError('remote-auth', `${endpointName} refused the API key (401)${detail} Check the key set for this endpoint.`);
      case 403:
        return new EnclaveError('remote-auth', `${endpointName} does not allow this request (403)${detail}`);
      case 404:
        return new EnclaveError('remote-not-found', `${endpointName} has no model "${model}" or no such API path (404)${detail}`);
      case 429:
        return new EnclaveError('remote-rate-limited', `${endpointName} is rate limiting requests (429) and still was after retries${detail}`);
      default:
        break;
    }
    const code = (error as { code?: unknown }).code;
    if (code === 'context_length_exceeded' || /context length|maximum context|too many tokens/i.test(said)) {
      return new EnclaveError('remote-context-length', `The conversation is too long for ${model} on ${endpointName}${detail} Start a new chat or shorten it.`);
    }
    if (error.status !== undefined && error.status >= 500) {
      return new EnclaveError('remote-server-error', `${endpointName} failed with a server error (${error.status}) after retries${detail}`);
    }
    if (error.status === undefined) {
      // An error event inside a 200 stream: the server started answering and then reported a failure.
      return new EnclaveError('remote-bad-response', `${endpointName} reported an error in its reply${detail}`);
    }
    return new EnclaveError('remote-bad-response', `${endpointName} rejected the request (${error.status})${detail}`);
  }
  const message = (error as { message?: unknown } | null | undefined)?.message;
  if (error instanceof SyntaxError || /parse|JSON/i.test(String(message))) {
    return new EnclaveError('remote-bad-response', `${endpointName} sent a reply Enclave could not read (malformed stream).`);
  }
  return new EnclaveError('remote-stream-cut', `The connection to ${endpointName} broke during the reply; the text so far was kept.`);
}
