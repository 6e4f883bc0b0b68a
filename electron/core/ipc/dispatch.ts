import { type Channel, type ChannelPayload, type ChannelResult, channelSchemas, isChannel } from '../../shared/contract.js';
import type { Result } from '../../shared/errors.js';
import { toAppError } from '../errors.js';

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
  const parsed = channelSchemas[channel].safeParse(payload ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
      .join('; ');
    return { ok: false, error: { code: 'invalid-request', message: `Invalid ${channel} request: ${problems}.` } };
  }
  try {
    const handler = handlers[channel] as (input: unknown) => unknown;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toAppError(error) };
  }
}
