import { createChat, getChat, listChats, renameChat } from '../chat/store/chats.js';
import type { BranchPoint } from '../chat/chatService.js';
import { EnclaveError } from '../errors.js';
import type { RemoteTarget } from '../remote/remoteChat.js';
import { eraseChat } from '../history/eraseChats.js';
import { listMessages } from '../chat/store/messages.js';
import type { Handlers } from '../ipc/dispatch.js';
import type { CoreContext } from './context.js';

type ChatHandlers = Pick<
  Handlers,
  | 'chats.list'
  | 'chats.create'
  | 'chats.rename'
  | 'chats.delete'
  | 'chats.get'
  | 'chats.send'
  | 'chats.stop'
  | 'chats.regenerate'
  | 'chats.switchBranch'
  | 'chats.continue'
>;

/** Sends to a local model or a remote one, at a branch point; the result carries no completion promise. */
async function sendTo(
  core: CoreContext,
  chatId: string,
  target: { modelId: string | undefined; remote: RemoteTarget | undefined },
  content: string,
  confirmSensitive: boolean,
  branch: BranchPoint,
  jsonSchema?: Record<string, unknown>,
) {
  if (target.remote) {
    if (jsonSchema) throw new EnclaveError('invalid-request', 'Structured output needs a local model: pick one to extract JSON.');
    const { userMessage, assistantMessage } = await core.remote().send(chatId, target.remote, content, confirmSensitive, branch);
    return { userMessage, assistantMessage };
  }
  if (target.modelId === undefined) throw new EnclaveError('invalid-request', 'Choose a local model or a remote one.');
  const model = await core.models().resolveForLoad(target.modelId);
  const { userMessage, assistantMessage } = core.chats().send(chatId, model, content, { branch, jsonSchema: jsonSchema ?? null });
  return { userMessage, assistantMessage };
}

export function chatHandlers(core: CoreContext): ChatHandlers {
  return {
    'chats.list': () => listChats(core.database()),
    'chats.create': ({ title }) => createChat(core.database(), title),
    'chats.rename': ({ chatId, title }) => renameChat(core.database(), chatId, title),
    'chats.delete': async ({ chatId }) => {
      core.chats().stop(chatId);
      // With its dropped-files collection, and its text erased from the database file (history/eraseChats.ts).
      const { messagesDeleted, fileErased } = await eraseChat(core.database(), chatId);
      core.emit({ type: 'collections.changed' });
      return { chatId, messagesDeleted, fileErased };
    },
    'chats.get': ({ chatId, lastMessages }) => ({
      chat: getChat(core.database(), chatId),
      messages: listMessages(core.database(), chatId, lastMessages),
    }),
    'chats.send': ({ chatId, modelId, remote, content, confirmSensitive, editOf, jsonSchema }) =>
      sendTo(core, chatId, { modelId, remote }, content, confirmSensitive, core.chats().branchPointFor(chatId, { editOf }), jsonSchema),
    'chats.regenerate': ({ chatId, messageId, modelId, remote, confirmSensitive }) =>
      sendTo(core, chatId, { modelId, remote }, '', confirmSensitive, core.chats().branchPointFor(chatId, { regenerateOf: messageId })),
    'chats.switchBranch': ({ chatId, messageId }) => {
      const change = core.chats().switchBranch(chatId, messageId);
      return { chat: getChat(core.database(), chatId), ...change };
    },
    'chats.continue': async ({ chatId, messageId, modelId }) => {
      const model = await core.models().resolveForLoad(modelId);
      const { userMessage, assistantMessage } = core.chats().continueReply(chatId, messageId, model);
      return { userMessage, assistantMessage };
    },
    'chats.stop': ({ chatId }) => ({ stopped: core.chats().stop(chatId) }),
  };
}
