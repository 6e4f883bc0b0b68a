import { eraseAllChats } from '../history/eraseChats.js';
import { type ChatSelection, exportChats, recordChatExport } from '../history/exportChats.js';
import { importChats } from '../history/importChats.js';
import { assertChatExportAllowed } from '../policy/chatExport.js';
import { searchMessages } from '../history/search.js';
import type { Handlers } from '../ipc/dispatch.js';
import type { CoreContext } from './context.js';

type HistoryHandlers = Pick<Handlers, 'chats.search' | 'chats.export' | 'chats.import' | 'chats.deleteAll'>;

/** The history as a whole: search across chats, export, import, and erasing everything. */
export function historyHandlers(core: CoreContext): HistoryHandlers {
  return {
    'chats.search': (options) => searchMessages(core.database(), options),
    'chats.export': ({ chatId, format }) => {
      assertChatExportAllowed(core.policy.policy);
      const selection: ChatSelection = chatId === undefined ? { all: true } : { chatId };
      const file = exportChats(core.database(), selection, format);
      // Recorded before the text leaves core for the window (which saves it).
      recordChatExport(core.audit(), selection, format, { chats: file.chatCount, messages: file.messageCount }, 'download');
      return file;
    },
    'chats.import': ({ content }) => {
      const report = importChats(core.database(), content, core.audit());
      if (report.chatsImported + report.chatsMerged > 0) core.emit({ type: 'chats.changed' });
      return report;
    },
    'chats.deleteAll': async () => {
      // Replies being written are stopped and stored first, so none writes into a deleted chat.
      await core.chats().stopAll();
      const report = await eraseAllChats(core.database(), { audit: core.audit() });
      if (!report.fileErased) core.continueErasure();
      core.emit({ type: 'chats.changed' });
      core.emit({ type: 'collections.changed' });
      return report;
    },
  };
}
