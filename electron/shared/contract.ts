import { z } from 'zod';
import type {
  AppStatus,
  ChatDetail,
  ChatMessage,
  ChatSummary,
  ModelCatalog,
  ModelInfo,
} from './domain.js';
import { maxPromptCharacters, maxTitleCharacters } from './limits.js';

/**
 * The one IPC contract. Every channel has a zod schema for its payload (main parses every payload
 * with it, whatever the renderer claims to send) and a result type. Adding a channel here is the only
 * way to add one: the preload API, the main-side registration and the test bridge derive from it.
 */

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'ids are letters, digits, _ and -');
const empty = z.object({}).strict();

export { maxPromptCharacters, maxTitleCharacters } from './limits.js';

export const channelSchemas = {
  'app.status': empty,
  'chats.list': empty,
  'chats.create': z.object({ title: z.string().trim().min(1).max(maxTitleCharacters).optional() }).strict(),
  'chats.rename': z.object({ chatId: id, title: z.string().trim().min(1).max(maxTitleCharacters) }).strict(),
  'chats.delete': z.object({ chatId: id }).strict(),
  'chats.get': z.object({ chatId: id }).strict(),
  'chats.send': z
    .object({ chatId: id, modelId: id, content: z.string().trim().min(1).max(maxPromptCharacters) })
    .strict(),
  'chats.stop': z.object({ chatId: id }).strict(),
  'models.list': empty,
  'models.import': empty,
} as const;

export type Channel = keyof typeof channelSchemas;
export type ChannelInput<C extends Channel> = z.input<(typeof channelSchemas)[C]>;
export type ChannelPayload<C extends Channel> = z.output<(typeof channelSchemas)[C]>;

export interface ChannelResults {
  'app.status': AppStatus;
  'chats.list': ChatSummary[];
  'chats.create': ChatSummary;
  'chats.rename': ChatSummary;
  'chats.delete': { chatId: string };
  'chats.get': ChatDetail;
  'chats.send': { userMessage: ChatMessage; assistantMessage: ChatMessage };
  'chats.stop': { stopped: boolean };
  'models.list': ModelCatalog;
  /** null when the user closed the file dialog without picking a file. */
  'models.import': ModelInfo | null;
}

export type ChannelResult<C extends Channel> = ChannelResults[C];

export const channels = Object.keys(channelSchemas) as Channel[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(channelSchemas, value);
}
