import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
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

  // A local model can write a thousand tokens a second: render them at most once a frame, not each.
  const pendingTokens = useRef(new Map<string, string>());
  const frame = useRef<number | null>(null);
  const flushTokens = useCallback(() => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
    frame.current = null;
    for (const [messageId, text] of pendingTokens.current) dispatch({ type: 'token', messageId, text });
    pendingTokens.current.clear();
  }, []);
  useEffect(() => () => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
  }, []);

  useEnclaveEvents((event) => {
    if (!('chatId' in event) || event.chatId !== chatId) return;
    if (event.type === 'generation.started') void reload();
    if (event.type === 'generation.token') {
      pendingTokens.current.set(event.messageId, (pendingTokens.current.get(event.messageId) ?? '') + event.text);
      frame.current ??= requestAnimationFrame(flushTokens);
    }
    if (event.type === 'generation.sources') dispatch({ type: 'sources', messageId: event.messageId, sources: event.sources });
    if (event.type === 'generation.finished') {
      flushTokens();
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
