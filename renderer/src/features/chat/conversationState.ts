import type { ChatMessage } from '@shared/domain.js';
import { advanceReply, type ReplyEvent, type ReplyState } from '@shared/replies.js';

/**
 * One chat's messages as the window shows them, and the life of each reply this window asked for.
 * A reply arrives on its own stream, in order (accepted, states, sources, text, end), so nothing here
 * waits for a message that has not arrived or guesses a reply's state from timing.
 */
export interface ConversationState {
  /** null until the first fetch arrives. */
  messages: ChatMessage[] | null;
  /**
   * Whether `messages` is the whole branch. A long chat is shown from its newest messages first
   * (false), then the whole branch replaces them (true).
   */
  complete: boolean;
  /** Replies being written for this window, by message id: their state as their streams tell it. */
  replies: Record<string, ReplyState>;
}

/** Where an accepted reply goes among the messages shown. */
export type Placement =
  /** After the branch shown (a new message). */
  | { kind: 'append' }
  /** A new branch: the messages after `keepThrough` (null: all) leave the branch shown. */
  | { kind: 'branch'; keepThrough: string | null }
  /** A cut-off reply written on: the same message, writing again. */
  | { kind: 'continue' };

export type ConversationAction =
  | { type: 'loaded'; messages: ChatMessage[]; complete: boolean }
  /**
   * The newest messages of the branch, fetched again: they replace the list from the first of them on.
   * `whole`: fewer came back than were asked for, so they are the whole branch.
   */
  | { type: 'tail'; messages: ChatMessage[]; whole: boolean }
  /** A new branch shown: the messages after `keepThrough` (null: all) leave, `messages` join. */
  | { type: 'branched'; keepThrough: string | null; messages: ChatMessage[] }
  /** One event of the stream of reply `messageId` (text is batched per frame into one `text` event). */
  | { type: 'reply'; messageId: string; event: ReplyEvent; placement: Placement };

export const initialConversation: ConversationState = { messages: null, complete: false, replies: {} };

export function conversationReducer(state: ConversationState, action: ConversationAction): ConversationState {
  switch (action.type) {
    case 'loaded':
      return { ...state, messages: merge([], action.messages, state), complete: action.complete };
    case 'tail': {
      const shown = state.messages ?? [];
      const first = action.messages[0];
      const from = first ? shown.findIndex((message) => message.id === first.id) : -1;
      // Not found: the tail is the whole branch (a short chat), or the branch changed: it replaces the list.
      const messages = merge(from === -1 ? [] : shown.slice(0, from), action.messages, state);
      return { ...state, messages, complete: action.whole || (from !== -1 && state.complete) };
    }
    case 'branched':
      return { ...state, messages: merge(cutAfter(state.messages ?? [], action.keepThrough), action.messages, state) };
    case 'reply':
      return replyReducer(state, action.messageId, action.event, action.placement);
  }
}

/** One event of a reply's stream applied to the conversation. */
function replyReducer(state: ConversationState, id: string, event: ReplyEvent, placement: Placement): ConversationState {
  const shown = state.messages ?? [];
  switch (event.type) {
    case 'accepted': {
      const { userMessage, assistantMessage } = event;
      const replies = { ...state.replies, [assistantMessage.id]: { phase: 'queued' } as const };
      if (placement.kind === 'continue') {
        return { ...state, replies, messages: shown.map((message) => (message.id === assistantMessage.id ? assistantMessage : message)) };
      }
      const base = placement.kind === 'branch' ? cutAfter(shown, placement.keepThrough) : shown;
      const incoming = base.some((message) => message.id === userMessage.id) ? [assistantMessage] : [userMessage, assistantMessage];
      return { ...state, replies, messages: [...base.filter((message) => message.id !== assistantMessage.id), ...incoming] };
    }
    case 'state':
      return withReply(state, id, (current) => advanceReply(current, event.state));
    case 'sources':
      return withMessage(state, id, (message) => ({ ...message, sources: event.sources }));
    case 'text':
      return withMessage(withReply(state, id, (current) => advanceReply(current, { phase: 'generating' })), id, (message) => ({
        ...message,
        content: message.content + event.text,
      }));
    case 'thought':
      return withMessage(withReply(state, id, (current) => advanceReply(current, { phase: 'generating' })), id, (message) => ({
        ...message,
        // Timed once stored; while streaming the view counts the time itself.
        thought: { text: (message.thought?.text ?? '') + event.text, durationMs: null },
      }));
    case 'end': {
      const { [event.message.id]: _ended, ...replies } = state.replies;
      const message = event.message;
      return { ...state, replies, messages: shown.map((shownMessage) => (shownMessage.id === message.id ? message : shownMessage)) };
    }
  }
}

function withReply(state: ConversationState, id: string, change: (current: ReplyState) => ReplyState): ConversationState {
  const current = state.replies[id];
  if (current === undefined) return state;
  const next = change(current);
  return next === current ? state : { ...state, replies: { ...state.replies, [id]: next } };
}

function withMessage(state: ConversationState, id: string, change: (message: ChatMessage) => ChatMessage): ConversationState {
  if (!state.messages) return state;
  return { ...state, messages: state.messages.map((message) => (message.id === id ? change(message) : message)) };
}

function cutAfter(messages: ChatMessage[], keepThrough: string | null): ChatMessage[] {
  return keepThrough === null ? [] : messages.slice(0, messages.findIndex((message) => message.id === keepThrough) + 1);
}

/**
 * Adds or replaces `incoming` after `kept`. A reply this window is still writing keeps the copy its
 * stream built (a fetch may have read the row before the latest text was saved).
 */
function merge(kept: ChatMessage[], incoming: ChatMessage[], state: ConversationState): ChatMessage[] {
  const byId = new Map(kept.map((message) => [message.id, message]));
  // A map, not a search per message: a chat can hold ten thousand of them.
  const shownById = new Map((state.messages ?? []).map((message) => [message.id, message]));
  for (const message of incoming) {
    const live = message.id in state.replies ? shownById.get(message.id) : undefined;
    byId.set(message.id, live ?? message);
  }
  return [...byId.values()].sort((a, b) => a.createdAt - b.createdAt);
}
