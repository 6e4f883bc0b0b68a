import { useCallback, useEffect, useReducer, useState } from 'react';
import type { AppError, Result } from '../../../../electron/shared/errors.js';
import { enclave, settle } from '../../lib/api.js';
import { useEnclaveEvents } from '../../lib/useEnclaveEvents.js';
import { conversationReducer, initialConversation } from './conversationState.js';

/** One chat: its messages with replies streaming in, and sending and stopping. Mount once per chat. */
export function useConversation(chatId: string) {
  const [state, dispatch] = useReducer(conversationReducer, initialConversation);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [sending, setSending] = useState(false);

  const reload = useCallback(
    () =>
      settle(() => enclave().chats.get({ chatId })).then((result) => {
        if (result.ok) dispatch({ type: 'loaded', messages: result.value.messages });
        setLoadError(result.ok ? null : result.error);
      }),
    [chatId],
  );

  useEffect(() => {
    void reload();
  }, [reload]);

  useEnclaveEvents((event) => {
    if (!('chatId' in event) || event.chatId !== chatId) return;
    if (event.type === 'generation.started') void reload();
    if (event.type === 'generation.token') dispatch({ type: 'token', messageId: event.messageId, text: event.text });
    if (event.type === 'generation.finished') {
      dispatch({ type: 'finished', messageId: event.messageId, status: event.status, error: event.error });
      void reload();
    }
  });

  const send = useCallback(
    async (modelId: string, content: string): Promise<Result<unknown>> => {
      setSending(true);
      const result = await settle(() => enclave().chats.send({ chatId, modelId, content }));
      setSending(false);
      if (result.ok) dispatch({ type: 'sent', messages: [result.value.userMessage, result.value.assistantMessage] });
      return result;
    },
    [chatId],
  );

  const stop = useCallback(() => settle(() => enclave().chats.stop({ chatId })), [chatId]);

  const messages = state.messages;
  const generating = sending || (messages ?? []).some((message) => message.status === 'streaming');
  return { messages, loadError, generating, send, stop, reload };
}
