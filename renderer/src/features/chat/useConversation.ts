import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { ChannelInput } from '@shared/contract.js';
import type { AppError, Result } from '@shared/errors.js';
import type { ReplyEvent } from '@shared/replies.js';
import { enclave, settle } from '../../lib/api.js';
import { useEnclaveEvents } from '../../lib/useEnclaveEvents.js';
import { conversationReducer, initialConversation, type Placement } from './conversationState.js';

/** The model a reply is asked of: a local one by catalog id, or a remote one. */
export type ReplyTarget = Pick<ChannelInput<'chats.regenerate'>, 'modelId' | 'remote'>;

/** Per-send extras: structured output constrains the reply to JSON matching a schema; a remote send's DLP answer. */
export interface SendOptions {
  jsonSchema?: Record<string, unknown>;
  confirmSensitive?: boolean;
}

/**
 * How many of the newest messages a chat opens with: more than a screen holds, a small fraction of a
 * long chat. The rest of a long branch follows at once.
 */
const tailSize = 50;

/**
 * One chat: its messages, replies streaming in on their own streams, sending and stopping, and
 * branches (an edited message, another answer, switching between them, continuing a cut-off reply).
 * Mount once per chat. A long chat opens on its newest messages, then the whole branch replaces them.
 * A reply this window asks for is never fetched again: its stream says everything, in order.
 */
export function useConversation(chatId: string) {
  const [state, dispatch] = useReducer(conversationReducer, initialConversation);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [sending, setSending] = useState(false);
  const shownIds = useRef<ReadonlySet<string>>(new Set());
  /** Replies this window asked for: their end needs no fetch. */
  const ownReplies = useRef(new Set<string>());
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

  /** The newest messages; the whole branch when they do not join what is shown. */
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

  // A reply written elsewhere (another window, the CLI) ended in this chat: show it as stored.
  useEnclaveEvents((event) => {
    if (event.type === 'generation.finished' && event.chatId === chatId && !ownReplies.current.has(event.messageId)) void reload();
  });

  const listen = useReplyStream(dispatch, ownReplies);

  /** Starts a reply with `request`, its stream placed as `placement` says; resolves once it is accepted or refused. */
  const startReply = useCallback(
    async (placement: Placement, request: (onEvent: (event: ReplyEvent) => void) => Promise<Result<unknown>>): Promise<Result<unknown>> => {
      setSending(true);
      const result = await settle(() => request(listen(placement)));
      setSending(false);
      return result;
    },
    [listen],
  );

  const send = useCallback(
    (target: ReplyTarget, content: string, options: SendOptions = {}) =>
      startReply({ kind: 'append' }, (onEvent) => enclave().chats.send({ chatId, ...target, content, ...options }, onEvent)),
    [chatId, startReply],
  );

  const stop = useCallback(() => settle(() => enclave().chats.stop({ chatId })), [chatId]);

  /** Sends `content` in place of an earlier user message: a new branch beside it, answered at once. */
  const edit = useCallback(
    (target: ReplyTarget, messageId: string, content: string, confirmSensitive = false) => {
      const keepThrough = state.messages?.find((message) => message.id === messageId)?.parentId ?? null;
      return startReply({ kind: 'branch', keepThrough }, (onEvent) =>
        enclave().chats.send({ chatId, ...target, content, editOf: messageId, confirmSensitive }, onEvent),
      );
    },
    [chatId, startReply, state.messages],
  );

  /** Another answer to the message `replyId` answered, as a new branch beside it. */
  const regenerate = useCallback(
    (target: ReplyTarget, replyId: string, confirmSensitive = false) => {
      const keepThrough = state.messages?.find((message) => message.id === replyId)?.parentId ?? null;
      return startReply({ kind: 'branch', keepThrough }, (onEvent) =>
        enclave().chats.regenerate({ chatId, ...target, messageId: replyId, confirmSensitive }, onEvent),
      );
    },
    [chatId, startReply, state.messages],
  );

  /** Writes on from where a cut-off reply ended (a local model only), appending to the same message. */
  const continueReply = useCallback(
    (modelId: string, replyId: string) =>
      startReply({ kind: 'continue' }, (onEvent) => enclave().chats.continueReply({ chatId, modelId, messageId: replyId }, onEvent)),
    [chatId, startReply],
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
  const generating = sending || Object.keys(state.replies).length > 0;
  return {
    messages,
    /** Whether `messages` is the whole branch shown (a long chat opens on its newest messages first). */
    complete: state.complete,
    /** The replies this window is writing, by message id, in the state their streams last told. */
    replies: state.replies,
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

/**
 * Makes the listener for one reply's stream. A local model can write a thousand tokens a second:
 * text is rendered at most once a frame, never before the events that came ahead of it.
 */
function useReplyStream(dispatch: (action: Parameters<typeof conversationReducer>[1]) => void, ownReplies: { current: Set<string> }) {
  const frame = useRef<number | null>(null);
  const pending = useRef<(() => void) | null>(null);
  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );
  return useCallback(
    (placement: Placement) => {
      let messageId: string | null = null;
      let text = '';
      let thought = '';
      const flush = () => {
        if (frame.current !== null) cancelAnimationFrame(frame.current);
        frame.current = null;
        pending.current = null;
        if (messageId === null) return;
        // Thoughts come before the answer, so within one frame they go first.
        if (thought !== '') dispatch({ type: 'reply', messageId, event: { type: 'thought', text: thought }, placement });
        if (text !== '') dispatch({ type: 'reply', messageId, event: { type: 'text', text }, placement });
        thought = '';
        text = '';
      };
      return (event: ReplyEvent) => {
        if (event.type === 'accepted') {
          messageId = event.assistantMessage.id;
          ownReplies.current.add(messageId);
        }
        if (messageId === null) return;
        if (event.type === 'text' || event.type === 'thought') {
          if (event.type === 'text') text += event.text;
          else thought += event.text;
          pending.current = flush;
          frame.current ??= requestAnimationFrame(() => pending.current?.());
          return;
        }
        flush();
        dispatch({ type: 'reply', messageId, event, placement });
      };
    },
    [dispatch, ownReplies],
  );
}
