import type { Channel } from './contract.js';
import type { DocumentImportEvent, ReindexEvent } from './documents.js';
import type { ModelImportEvent } from './domain.js';
import type { ReplyEvent } from './replies.js';

/**
 * The channels whose request starts long work that reports as it goes. Each such request gets its
 * own stream, keyed by the request: only the caller hears it, in order, ending with one `end` event.
 * The request's result answers with what it always has (the stored messages of a reply, the id of a
 * document import: at once; a model import's result: when it is done). A request that fails answers
 * with its error and its stream ends there, and one that starts nothing (a file dialog cancelled:
 * `null`) has no stream.
 */
export const streamChannels = [
  'chats.send',
  'chats.regenerate',
  'chats.continue',
  'chats.attachFiles',
  'chats.attach',
  'documents.import',
  'documents.importPaths',
  'models.import',
  'models.importPaths',
  'documents.reindex',
] as const satisfies readonly Channel[];
export type StreamChannel = (typeof streamChannels)[number];

/** What each stream channel's stream carries. */
export interface ChannelStreams {
  'chats.send': ReplyEvent;
  'chats.regenerate': ReplyEvent;
  'chats.continue': ReplyEvent;
  'chats.attachFiles': DocumentImportEvent;
  'chats.attach': DocumentImportEvent;
  'documents.import': DocumentImportEvent;
  'documents.importPaths': DocumentImportEvent;
  'models.import': ModelImportEvent;
  'models.importPaths': ModelImportEvent;
  'documents.reindex': ReindexEvent;
}

/** Any stream's event, as the transports carry them (tagged with their request, never looked into but for `end`). */
export type StreamEvent = ChannelStreams[StreamChannel];

/**
 * A handler's arguments after the payload: a stream channel's handler may be given the sink of its
 * request's stream (a caller that does not listen gives none); other handlers take nothing more.
 */
export type StreamArgs<C extends Channel> = C extends StreamChannel ? [stream?: (event: ChannelStreams[C]) => void] : [];

/** The one IPC channel stream events travel on, each tagged with its request's stream id. */
export const streamEventChannel = 'enclave.stream';

/** A stream id as the caller makes it: a random UUID, or any short token of letters, digits and dashes. */
export const streamIdPattern = /^[A-Za-z0-9-]{8,64}$/;

export function isStreamChannel(channel: string): channel is StreamChannel {
  return (streamChannels as readonly string[]).includes(channel);
}

/**
 * A fresh stream id: 16 random bytes as hex. `getRandomValues` rather than `randomUUID`, which a page
 * outside a secure context (an http origin in tests) does not have.
 */
export function newStreamId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
