import { createChat, getChat, listChats, renameChat } from '../chat/store/chats.js';
import type { BranchPoint, ReplyListener } from '../chat/chatService.js';
import { EnclaveError } from '../errors.js';
import type { RemoteTarget } from '../remote/remoteChat.js';
import { eraseChat } from '../history/eraseChats.js';
import { listMessages } from '../chat/store/messages.js';
import { replyPromptOf } from '../chat/store/replyPrompts.js';
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
  | 'chats.replyPrompt'
  | 'chats.regenerate'
  | 'chats.switchBranch'
  | 'chats.continue'
>;

/**
 * Sends to a local model or a remote one, at a branch point; the reply's progress and end go to
 * `onEvent` (this request's stream), the result says what was stored.
 */
async function sendTo(
  core: CoreContext,
  chatId: string,
  target: { modelId: string | undefined; remote: RemoteTarget | undefined },
  content: string,
  options: { confirmSensitive: boolean; branch: BranchPoint; onEvent: ReplyListener | undefined; jsonSchema?: Record<string, unknown> | undefined },
) {
  const { confirmSensitive, branch, onEvent, jsonSchema } = options;
  if (target.remote) {
    if (jsonSchema) throw new EnclaveError('invalid-request', 'Structured output needs a local model: pick one to extract JSON.');
    const { userMessage, assistantMessage } = await core.remote().send(chatId, target.remote, content, { confirmed: confirmSensitive, branch, onEvent });
    return { userMessage, assistantMessage };
  }
  if (target.modelId === undefined) throw new EnclaveError('invalid-request', 'Choose a local model or a remote one.');
  const model = await core.models().resolveForLoad(target.modelId);
  const { userMessage, assistantMessage } = core.chats().send(chatId, model, content, { branch, jsonSchema: jsonSchema ?? null, onEvent });
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
      const { messagesDeleted, fileErased } = await eraseChat(core.database(), chatId, { audit: core.audit() });
      // Another program reading the file held the last step up: it finishes in the background, said in the window.
      if (!fileErased) core.continueErasure();
      core.emit({ type: 'collections.changed' });
      return { chatId, messagesDeleted, fileErased };
    },
    'chats.get': ({ chatId, lastMessages }) => ({
      chat: getChat(core.database(), chatId),
      messages: listMessages(core.database(), chatId, lastMessages),
    }),
    'chats.send': ({ chatId, modelId, remote, content, confirmSensitive, editOf, jsonSchema }, onEvent) =>
      sendTo(core, chatId, { modelId, remote }, content, { confirmSensitive, branch: core.chats().branchPointFor(chatId, { editOf }), onEvent, jsonSchema }),
    'chats.regenerate': ({ chatId, messageId, modelId, remote, confirmSensitive }, onEvent) =>
      sendTo(core, chatId, { modelId, remote }, '', {
        confirmSensitive,
        branch: core.chats().branchPointFor(chatId, { regenerateOf: messageId }),
        onEvent,
      }),
    'chats.switchBranch': ({ chatId, messageId }) => {
      const change = core.chats().switchBranch(chatId, messageId);
      return { chat: getChat(core.database(), chatId), ...change };
    },
    'chats.continue': async ({ chatId, messageId, modelId }, onEvent) => {
      const model = await core.models().resolveForLoad(modelId);
      const { userMessage, assistantMessage } = core.chats().continueReply(chatId, messageId, model, onEvent);
      return { userMessage, assistantMessage };
    },
    'chats.stop': ({ chatId }) => ({ stopped: core.chats().stop(chatId) }),
    'chats.replyPrompt': ({ messageId }) => replyPromptOf(core.database(), messageId),
  };
}
