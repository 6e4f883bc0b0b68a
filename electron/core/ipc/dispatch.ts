import { type Channel, type ChannelPayload, type ChannelResult, channelSchemas, isChannel } from '../../shared/contract.js';
import type { Result } from '../../shared/errors.js';
import { EnclaveError, toAppError } from '../errors.js';

/** One function per channel, taking the parsed payload: what core offers every transport. */
export type Handlers = { [C in Channel]: (payload: ChannelPayload<C>) => Promise<ChannelResult<C>> | ChannelResult<C> };

/**
 * The single door into core from outside (Electron IPC, the end-to-end test bridge): an unknown
 * channel or a payload that fails its schema is answered with `invalid-request`, never run; every
 * error comes back as a value.
 */
export async function dispatchRequest(handlers: Handlers, channel: unknown, payload: unknown): Promise<Result<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'invalid-request', message: `Unknown request "${String(channel)}".` } };
  }
  try {
    return { ok: true, value: await runHandler(handlers, channel, payload) };
  } catch (error) {
    return { ok: false, error: toAppError(error) };
  }
}

/**
 * Parses the payload with the channel's schema, then runs its handler; throws (an `invalid-request`
 * EnclaveError for a bad payload). The CLI calls this directly so `--debug` keeps stack traces.
 */
export async function runHandler<C extends Channel>(handlers: Handlers, channel: C, payload: unknown): Promise<ChannelResult<C>> {
  const parsed = channelSchemas[channel].safeParse(payload ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
      .join('; ');
    throw new EnclaveError('invalid-request', `Invalid ${channel} request: ${problems}.`);
  }
  const handler = handlers[channel] as (input: unknown) => Promise<ChannelResult<C>> | ChannelResult<C>;
  return handler(parsed.data);
}
