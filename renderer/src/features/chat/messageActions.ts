import { createContext, useContext } from 'react';

/**
 * What a message's own controls can do (switch version, edit, regenerate), given by the conversation
 * to every message through context rather than through each list row's props.
 */
export interface MessageActions {
  /** A reply is being written: the branch shown cannot change until it ends. */
  busy: boolean;
  /** Why a new reply cannot be asked for (no model picked), or null. */
  replyBlockedReason: string | null;
  switchBranch: (messageId: string) => void;
  /** Sends the edited text as a new branch; resolves false when it was not sent (the editor stays open). */
  edit: (messageId: string, content: string) => Promise<boolean>;
  regenerate: (replyId: string) => void;
  /** Why a cut-off reply cannot be continued now (continuing needs a local model), or null. */
  continueBlockedReason: string | null;
  /** Writes on from where a cut-off reply ended, into the same message. */
  continueReply: (replyId: string) => void;
}

export const MessageActionsContext = createContext<MessageActions | null>(null);

/** The conversation's message actions; null outside a conversation (a message shown on its own). */
export function useMessageActions(): MessageActions | null {
  return useContext(MessageActionsContext);
}
