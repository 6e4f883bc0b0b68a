import type { MessageSource } from '../../../../electron/shared/documents.js';
import type { ChatMessage, MessageStatus } from '../../../../electron/shared/domain.js';
import type { AppError } from '../../../../electron/shared/errors.js';

/**
 * One chat's messages as the window shows them. Replies arrive on two paths that can interleave
 * (the `chats.send` result and the token events), so tokens for a reply not yet in the list wait in
 * `earlyText` until it arrives. Every version of a streaming reply is a prefix of the same growing
 * text, so when two disagree the longer one is the newer. A grounded reply's sources arrive in an
 * event before its first token, and wait in `earlySources` the same way.
 */
export interface ConversationState {
  /** null until the first fetch arrives. */
  messages: ChatMessage[] | null;
  /**
   * Whether `messages` is the whole branch. A long chat is shown from its newest messages first
   * (false), then the whole branch replaces them (true).
   */
  complete: boolean;
  earlyText: Record<string, string>;
  earlySources: Record<string, MessageSource[]>;
}

export type ConversationAction =
  | { type: 'loaded'; messages: ChatMessage[]; complete: boolean }
  /**
   * The newest messages of the branch, fetched again: they replace the list from the first of them on.
   * `whole`: fewer came back than were asked for, so they are the whole branch.
   */
  | { type: 'tail'; messages: ChatMessage[]; whole: boolean }
  /** A cut-off reply being continued: the same message, writing again. */
  | { type: 'continued'; message: ChatMessage }
  | { type: 'sent'; messages: ChatMessage[] }
  /** A new branch: the messages after `keepThrough` (null: all) leave the branch shown, `messages` join it. */
  | { type: 'branched'; keepThrough: string | null; messages: ChatMessage[] }
  | { type: 'token'; messageId: string; text: string }
  | { type: 'sources'; messageId: string; sources: MessageSource[] }
  | { type: 'finished'; messageId: string; status: Exclude<MessageStatus, 'streaming'>; error: AppError | null };

export const initialConversation: ConversationState = { messages: null, complete: false, earlyText: {}, earlySources: {} };

export function conversationReducer(state: ConversationState, action: ConversationAction): ConversationState {
  switch (action.type) {
    case 'loaded':
      return { ...merge({ ...state, messages: [] }, action.messages, state.messages ?? []), complete: action.complete };
    case 'tail': {
      const shown = state.messages ?? [];
      const first = action.messages[0];
      const from = first ? shown.findIndex((message) => message.id === first.id) : -1;
      // Not found: the tail is the whole branch (a short chat), or the branch changed: it replaces the list.
      const merged = merge({ ...state, messages: from === -1 ? [] : shown.slice(0, from) }, action.messages, shown);
      return { ...merged, complete: action.whole || (from !== -1 && state.complete) };
    }
    case 'continued':
      return {
        ...state,
        messages: (state.messages ?? []).map((message) =>
          message.id !== action.message.id
            ? message
            : // Text streamed before this answer arrived is kept: the longer text is the newer.
              { ...action.message, content: message.content.length > action.message.content.length ? message.content : action.message.content },
        ),
      };
    case 'sent':
      return merge(state, action.messages, state.messages ?? []);
    case 'branched': {
      const shown = state.messages ?? [];
      const cut = action.keepThrough === null ? 0 : shown.findIndex((message) => message.id === action.keepThrough) + 1;
      return merge({ ...state, messages: shown.slice(0, cut) }, action.messages, shown);
    }
    case 'token': {
      const messages = state.messages ?? [];
      if (!messages.some((message) => message.id === action.messageId)) {
        const earlier = state.earlyText[action.messageId] ?? '';
        return { ...state, earlyText: { ...state.earlyText, [action.messageId]: earlier + action.text } };
      }
      return {
        ...state,
        messages: messages.map((message) =>
          message.id === action.messageId ? { ...message, content: message.content + action.text } : message,
        ),
      };
    }
    case 'sources': {
      const messages = state.messages ?? [];
      if (!messages.some((message) => message.id === action.messageId)) {
        return { ...state, earlySources: { ...state.earlySources, [action.messageId]: action.sources } };
      }
      return {
        ...state,
        messages: messages.map((message) => (message.id === action.messageId ? { ...message, sources: action.sources } : message)),
      };
    }
    case 'finished':
      return {
        ...state,
        messages: (state.messages ?? []).map((message) =>
          message.id === action.messageId ? { ...message, status: action.status, error: action.error } : message,
        ),
      };
  }
}

/** Adds or replaces `incoming` over the state's messages, keeping the longest text of a reply still streaming. */
function merge(state: ConversationState, incoming: ChatMessage[], known: ChatMessage[]): ConversationState {
  const earlyText = { ...state.earlyText };
  const earlySources = { ...state.earlySources };
  const byId = new Map((state.messages ?? []).map((message) => [message.id, message]));
  // A map, not a search per message: a chat can hold ten thousand of them.
  const knownById = new Map(known.map((message) => [message.id, message]));
  for (const message of incoming) {
    const local = knownById.get(message.id);
    const early = earlyText[message.id];
    delete earlyText[message.id];
    // Sources seen in an event outlive a copy of the reply fetched before they were attached.
    const sources = message.sources.length > 0 ? message.sources : (earlySources[message.id] ?? local?.sources ?? []);
    delete earlySources[message.id];
    if (message.status !== 'streaming') {
      byId.set(message.id, { ...message, sources });
      continue;
    }
    // A fetch that started before the reply finished must not bring the reply back to life.
    if (local && local.status !== 'streaming') {
      byId.set(message.id, local);
      continue;
    }
    const longest = [message.content, local?.content ?? '', early ?? ''].reduce((a, b) => (b.length > a.length ? b : a));
    byId.set(message.id, { ...message, content: longest, sources });
  }
  const messages = [...byId.values()].sort((a, b) => a.createdAt - b.createdAt);
  return { ...state, messages, earlyText, earlySources };
}
