import { useCallback, useEffect, useState } from 'react';
import type { ChatSummary } from '../../../../electron/shared/domain.js';
import type { AppError, Result } from '../../../../electron/shared/errors.js';
import { enclave, settle } from '../../lib/api.js';
import { useEnclaveEvents } from '../../lib/useEnclaveEvents.js';

export interface ChatList {
  /** null until the first list arrives. */
  chats: ChatSummary[] | null;
  /** Why the list could not be loaded, shown above it. */
  error: AppError | null;
  create(): Promise<Result<ChatSummary>>;
  rename(chatId: string, title: string): Promise<Result<ChatSummary>>;
  remove(chatId: string): Promise<Result<{ chatId: string }>>;
}

/** The chats, newest activity first, refreshed whenever core says they changed. */
export function useChatList(): ChatList {
  const [chats, setChats] = useState<ChatSummary[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const refresh = useCallback(
    () =>
      settle(() => enclave().chats.list()).then((result) => {
        if (result.ok) setChats(result.value);
        setError(result.ok ? null : result.error);
      }),
    [],
  );

  useEffect(() => {
    void refresh();
  }, [refresh]);
  useEnclaveEvents((event) => {
    if (event.type === 'chats.changed' || event.type === 'generation.finished') void refresh();
  });

  const afterChange = useCallback(
    async <T>(result: Result<T>) => {
      if (result.ok) await refresh();
      return result;
    },
    [refresh],
  );

  return {
    chats,
    error,
    create: useCallback(async () => afterChange(await settle(() => enclave().chats.create({}))), [afterChange]),
    rename: useCallback(
      async (chatId: string, title: string) => afterChange(await settle(() => enclave().chats.rename({ chatId, title }))),
      [afterChange],
    ),
    remove: useCallback(
      async (chatId: string) => afterChange(await settle(() => enclave().chats.remove({ chatId }))),
      [afterChange],
    ),
  };
}
