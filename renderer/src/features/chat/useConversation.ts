import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { ChannelInput } from '../../../../electron/shared/contract.js';
import type { AppError, Result } from '../../../../electron/shared/errors.js';
import { enclave, settle } from '../../lib/api.js';
import { useEnclaveEvents } from '../../lib/useEnclaveEvents.js';
import { conversationReducer, initialConversation } from './conversationState.js';

/** The model a reply is asked of: a local one by catalog id (or, where the picker offers it, a remote one). */
export type ReplyTarget = Pick<ChannelInput<'chats.regenerate'>, 'modelId' | 'remote'>;

/** Per-send extras: structured output constrains the reply to JSON matching a schema. */
export interface SendOptions {
  jsonSchema?: Record<string, unknown>;
}

/**
 * How many of the newest messages a chat opens with, and fetches again while replies come in: more
 * than a screen holds, a small fraction of a long chat. The rest of a long branch follows at once.
 */
const tailSize = 50;

/**
 * One chat: its messages with replies streaming in, sending and stopping, and branches (an edited
 * message, another answer, switching between them, continuing a cut-off reply). Mount once per chat.
 * A long chat opens on its newest messages, then the whole branch replaces them.
 */
export function useConversation(chatId: string) {
  const [state, dispatch] = useReducer(conversationReducer, initialConversation);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [sending, setSending] = useState(false);
  const shownIds = useRef<ReadonlySet<string>>(new Set());
  useEffect(() => {
    shownIds.current = new Set((state.messages ?? []).map((message) => message.id));
  }, [state.messages]);

  const loadWhole = useCallback(
    () =>
      settle(() => enclave().chats.get({ chatId })).then((result) => {
        if (result.ok) dispatch({ type: 'loaded', messages: result.value.messages, complete: true });
        setLoadError(result.ok ? null : result.error);
      }),
    [chatId],
  );

  /** The newest messages again (after a reply started or ended); the whole branch when they do not join what is shown. */
  const reload = useCallback(
    () =>
      settle(() => enclave().chats.get({ chatId, lastMessages: tailSize })).then((result) => {
        setLoadError(result.ok ? null : result.error);
        if (!result.ok) return;
        const tail = result.value.messages;
        const whole = tail.length < tailSize;
        const joins = whole || (tail[0] !== undefined && shownIds.current.has(tail[0].id));
        dispatch({ type: 'tail', messages: tail, whole });
        return joins ? undefined : loadWhole();
      }),
    [chatId, loadWhole],
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
    async (modelId: string, content: string, options: SendOptions = {}): Promise<Result<unknown>> => {
      setSending(true);
      const result = await settle(() => enclave().chats.send({ chatId, modelId, content, ...options }));
      setSending(false);
      if (result.ok) dispatch({ type: 'sent', messages: [result.value.userMessage, result.value.assistantMessage] });
      return result;
    },
    [chatId],
  );

  const stop = useCallback(() => settle(() => enclave().chats.stop({ chatId })), [chatId]);

  /** Sends `content` in place of an earlier user message: a new branch beside it, answered at once. */
  const edit = useCallback(
    async (target: ReplyTarget, messageId: string, content: string, confirmSensitive = false): Promise<Result<unknown>> => {
      setSending(true);
      const result = await settle(() => enclave().chats.send({ chatId, ...target, content, editOf: messageId, confirmSensitive }));
      setSending(false);
      if (result.ok) {
        const { userMessage, assistantMessage } = result.value;
        dispatch({ type: 'branched', keepThrough: userMessage.parentId, messages: [userMessage, assistantMessage] });
      }
      return result;
    },
    [chatId],
  );

  /** Another answer to the message `replyId` answered, as a new branch beside it. */
  const regenerate = useCallback(
    async (target: ReplyTarget, replyId: string, confirmSensitive = false): Promise<Result<unknown>> => {
      setSending(true);
      const result = await settle(() => enclave().chats.regenerate({ chatId, ...target, messageId: replyId, confirmSensitive }));
      setSending(false);
      if (result.ok) {
        const { userMessage, assistantMessage } = result.value;
        dispatch({ type: 'branched', keepThrough: userMessage.id, messages: [assistantMessage] });
      }
      return result;
    },
    [chatId],
  );

  /** Writes on from where a cut-off reply ended (a local model only), appending to the same message. */
  const continueReply = useCallback(
    async (modelId: string, replyId: string): Promise<Result<unknown>> => {
      setSending(true);
      const result = await settle(() => enclave().chats.continueReply({ chatId, modelId, messageId: replyId }));
      setSending(false);
      if (result.ok) dispatch({ type: 'continued', message: result.value.assistantMessage });
      return result;
    },
    [chatId],
  );

  /** Shows the branch through `messageId` (one of a message's siblings, or any message of the chat). */
  const switchBranch = useCallback(
    async (messageId: string): Promise<Result<unknown>> => {
      const result = await settle(() => enclave().chats.switchBranch({ chatId, messageId }));
      if (result.ok) {
        // Only the messages below the branches' last shared one come back; the rest stay as shown.
        const { keepThrough, messages } = result.value;
        if (keepThrough === null || shownIds.current.has(keepThrough)) dispatch({ type: 'branched', keepThrough, messages });
        else await loadWhole(); // the shared message is not loaded (a long chat still opening): the whole branch
      }
      return result;
    },
    [chatId, loadWhole],
  );

  const messages = state.messages;
  const generating = sending || (messages ?? []).some((message) => message.status === 'streaming');
  return {
    messages,
    /** Whether `messages` is the whole branch shown (a long chat opens on its newest messages first). */
    complete: state.complete,
    loadError,
    generating,
    send,
    stop,
    reload,
    edit,
    regenerate,
    continueReply,
    switchBranch,
  };
}
