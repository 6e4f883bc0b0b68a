import { type Channel, type ChannelPayload, type ChannelResult, channelSchemas, isChannel } from '../../shared/contract.js';
import type { Result } from '../../shared/errors.js';
import { isStreamChannel, type StreamArgs } from '../../shared/streams.js';
import { EnclaveError, toAppError } from '../errors.js';

/**
 * One function per channel, taking the parsed payload (and, for a stream channel, the sink of that
 * request's own stream): what core offers every transport.
 */
export type Handlers = {
  [C in Channel]: Handler<C>;
};

export type Handler<C extends Channel> = (payload: ChannelPayload<C>, ...stream: StreamArgs<C>) => Promise<ChannelResult<C>> | ChannelResult<C>;

/** The channels that close and reopen the database: served around core (storage/storageHost.ts), not by it. */
export type StorageChannel = Extract<Channel, `storage.${string}`>;
/** What core itself serves: everything but storage. */
export type CoreHandlers = Omit<Handlers, StorageChannel>;

/** Receives a stream channel's events, whatever the channel (transports tag and forward them as they are). */
export type AnyStreamSink = (event: unknown) => void;

/**
 * The single door into core from outside (Electron IPC, the end-to-end test bridge): an unknown
 * channel or a payload that fails its schema is answered with `invalid-request`, never run; every
 * error comes back as a value. `stream` receives a stream channel's events (dropped when absent).
 */
export async function dispatchRequest(handlers: Handlers, channel: unknown, payload: unknown, stream?: AnyStreamSink): Promise<Result<unknown>> {
  if (!isChannel(channel)) {
    return { ok: false, error: { code: 'invalid-request', message: `Unknown request "${String(channel)}".` } };
  }
  try {
    return { ok: true, value: await runHandler(handlers, channel, payload, stream) };
  } catch (error) {
    return { ok: false, error: toAppError(error) };
  }
}

/**
 * Parses the payload with the channel's schema, then runs its handler; throws (an `invalid-request`
 * EnclaveError for a bad payload). The CLI calls this directly so `--debug` keeps stack traces.
 */
export async function runHandler<C extends Channel>(handlers: Handlers, channel: C, payload: unknown, stream?: AnyStreamSink): Promise<ChannelResult<C>> {
  const parsed = channelSchemas[channel].safeParse(payload ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
      .join('; ');
    throw new EnclaveError('invalid-request', `Invalid ${channel} request: ${problems}.`);
  }
  // The payload was parsed by this channel's own schema and the sink is given to stream channels only.
  const handler = handlers[channel] as unknown as (input: unknown, sink?: AnyStreamSink) => Promise<ChannelResult<C>> | ChannelResult<C>;
  return isStreamChannel(channel) ? handler(parsed.data, stream ?? ignoreEvent) : handler(parsed.data);
}

function ignoreEvent(): void {
  // A caller that does not listen (a test, the CLI's plain request) still runs the work.
}
