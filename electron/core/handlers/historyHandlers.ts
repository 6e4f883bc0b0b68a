import { eraseAllChats } from '../history/eraseChats.js';
import { exportChats } from '../history/exportChats.js';
import { importChats } from '../history/importChats.js';
import { searchMessages } from '../history/search.js';
import type { Handlers } from '../ipc/dispatch.js';
import type { CoreContext } from './context.js';

type HistoryHandlers = Pick<Handlers, 'chats.search' | 'chats.export' | 'chats.import' | 'chats.deleteAll'>;

/** The history as a whole: search across chats, export, import, and erasing everything. */
export function historyHandlers(core: CoreContext): HistoryHandlers {
  return {
    'chats.search': (options) => searchMessages(core.database(), options),
    'chats.export': ({ chatId, format }) =>
      exportChats(core.database(), chatId === undefined ? { all: true } : { chatId }, format),
    'chats.import': ({ content }) => {
      const report = importChats(core.database(), content);
      if (report.chatsImported + report.chatsMerged > 0) core.emit({ type: 'chats.changed' });
      return report;
    },
    'chats.deleteAll': async () => {
      // Replies being written are stopped and stored first, so none writes into a deleted chat.
      await core.chats().stopAll();
      const report = await eraseAllChats(core.database());
      if (!report.fileErased) core.continueErasure();
      core.emit({ type: 'chats.changed' });
      core.emit({ type: 'collections.changed' });
      return report;
    },
  };
}
