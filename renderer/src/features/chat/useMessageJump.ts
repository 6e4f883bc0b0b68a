import { useEffect, useRef } from 'react';
import type { ChatMessage } from '@shared/domain.js';
import type { Result } from '@shared/errors.js';
import type { MessageFocusRequest } from './MessageList.js';

/**
 * Takes the conversation to a message asked for from outside (a search hit): once the messages are
 * loaded, the request is passed on to the list, which scrolls to it; a message on another branch is
 * brought into view first by switching to the branch through it.
 */
export function useMessageJump(
  messages: ChatMessage[] | null,
  /** Whether `messages` is the whole branch: a message not among the newest may still be further up. */
  complete: boolean,
  request: MessageFocusRequest | null | undefined,
  switchBranch: (messageId: string) => Promise<Result<unknown>>,
): MessageFocusRequest | null {
  // Once per request: a message that is gone (deleted meanwhile) must not switch in a loop.
  const switchedFor = useRef<number | null>(null);
  const loaded = messages !== null;
  const shown = loaded && request ? messages.some((message) => message.id === request.messageId) : false;

  useEffect(() => {
    if (!request || !loaded || !complete || shown || switchedFor.current === request.nonce) return;
    switchedFor.current = request.nonce;
    void switchBranch(request.messageId);
  }, [request, loaded, complete, shown, switchBranch]);

  return shown && request ? request : null;
}
