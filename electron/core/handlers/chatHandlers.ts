import { createChat, deleteChat, getChat, listChats, renameChat } from '../db/chats.js';
import { deleteChatCollections } from '../documents/store/collections.js';
import { EnclaveError } from '../errors.js';
import { listMessages } from '../db/messages.js';
import type { Handlers } from '../ipc/dispatch.js';
import type { CoreContext } from './context.js';

type ChatHandlers = Pick<
  Handlers,
  'chats.list' | 'chats.create' | 'chats.rename' | 'chats.delete' | 'chats.get' | 'chats.send' | 'chats.stop'
>;

export function chatHandlers(core: CoreContext): ChatHandlers {
  return {
    'chats.list': () => listChats(core.database()),
    'chats.create': ({ title }) => createChat(core.database(), title),
    'chats.rename': ({ chatId, title }) => renameChat(core.database(), chatId, title),
    'chats.delete': ({ chatId }) => {
      core.chats().stop(chatId);
      const db = core.database();
      // The chat's dropped-files collection goes with it, vectors included (vec0 tables have no cascade).
      db.transaction(() => {
        deleteChatCollections(db, chatId);
        deleteChat(db, chatId);
      })();
      core.emit({ type: 'collections.changed' });
      return { chatId };
    },
    'chats.get': ({ chatId }) => ({ chat: getChat(core.database(), chatId), messages: listMessages(core.database(), chatId) }),
    'chats.send': async ({ chatId, modelId, remote, content, confirmSensitive }) => {
      if (remote) {
        const { userMessage, assistantMessage } = await core.remote().send(chatId, remote, content, confirmSensitive);
        return { userMessage, assistantMessage };
      }
      if (modelId === undefined) throw new EnclaveError('invalid-request', 'Choose a local model or a remote one.');
      const model = await core.models().resolveForLoad(modelId);
      const { userMessage, assistantMessage } = core.chats().send(chatId, model, content);
      return { userMessage, assistantMessage };
    },
    'chats.stop': ({ chatId }) => ({ stopped: core.chats().stop(chatId) }),
  };
}
