import { useCallback } from 'react';
import type { ChatSummary, EnclaveEvent } from '../../../../electron/shared/domain.js';
import type { AppError, Result } from '../../../../electron/shared/errors.js';
import { enclave } from '../../lib/api.js';
import { useLiveQuery } from '../../lib/useLiveQuery.js';

export interface ChatList {
  /** null until the first list arrives. */
  chats: ChatSummary[] | null;
  /** Why the list could not be loaded, shown above it. */
  error: AppError | null;
  create(): Promise<Result<ChatSummary>>;
  rename(chatId: string, title: string): Promise<Result<ChatSummary>>;
  remove(chatId: string): Promise<Result<{ chatId: string }>>;
}

const listChats = () => enclave().chats.list();
const chatsChanged = (event: EnclaveEvent) => event.type === 'chats.changed' || event.type === 'generation.finished';

/** The chats, newest activity first, refreshed whenever core says they changed. */
export function useChatList(): ChatList {
  const { value: chats, error, change } = useLiveQuery(listChats, chatsChanged);
  return {
    chats,
    error,
    create: useCallback(() => change(() => enclave().chats.create({})), [change]),
    rename: useCallback((chatId: string, title: string) => change(() => enclave().chats.rename({ chatId, title })), [change]),
    remove: useCallback((chatId: string) => change(() => enclave().chats.remove({ chatId })), [change]),
  };
}
