import { useCallback } from 'react';
import type { ChatSummary, EnclaveEvent } from '@shared/domain.js';
import type { AppError, Result } from '@shared/errors.js';
import { enclave } from '../../lib/api.js';
import { useLiveQuery } from '../../lib/useLiveQuery.js';
import { type ComposerOpening, requestComposerFocus } from '../chat/composerFocus.js';

export interface ChatList {
  /** null until the first list arrives. */
  chats: ChatSummary[] | null;
  /** Why the list could not be loaded, shown above it. */
  error: AppError | null;
  /** A new chat, opening ready to write in: empty, or with `opening`'s text in the box or sent. */
  create: (opening?: Partial<ComposerOpening>) => Promise<Result<ChatSummary>>;
  rename: (chatId: string, title: string) => Promise<Result<ChatSummary>>;
  remove: (chatId: string) => Promise<Result<{ chatId: string }>>;
}

const listChats = () => enclave().chats.list();
// Once per send: core says so when the messages are stored (title, count and order change then); the
// reply's end changes nothing the list shows.
const chatsChanged = (event: EnclaveEvent) => event.type === 'chats.changed';

/** The chats, newest activity first, refreshed whenever core says they changed. */
export function useChatList(): ChatList {
  const { value: chats, error, change } = useLiveQuery(listChats, chatsChanged);
  return {
    chats,
    error,
    create: useCallback(async (opening?: Partial<ComposerOpening>) => {
      const created = await change(() => enclave().chats.create({}));
      // Whichever control started it, the new chat opens ready to write in.
      if (created.ok) requestComposerFocus(created.value.id, opening);
      return created;
    }, [change]),
    rename: useCallback((chatId: string, title: string) => change(() => enclave().chats.rename({ chatId, title })), [change]),
    remove: useCallback((chatId: string) => change(() => enclave().chats.remove({ chatId })), [change]),
  };
}
