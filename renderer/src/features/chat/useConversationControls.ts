import { type RefObject, useEffect, useEffectEvent, useMemo } from 'react';
import type { ChatMessage } from '../../../../electron/shared/domain.js';
import type { AppError, Result } from '../../../../electron/shared/errors.js';
import { dialogOpen, hasCommandKey } from '../../lib/shortcuts.js';
import type { MessageActions } from './messageActions.js';
import type { ReplyTarget } from './useConversation.js';

interface ConversationLike {
  messages: ChatMessage[] | null;
  generating: boolean;
  edit(target: ReplyTarget, messageId: string, content: string): Promise<Result<unknown>>;
  regenerate(target: ReplyTarget, replyId: string): Promise<Result<unknown>>;
  continueReply(modelId: string, replyId: string): Promise<Result<unknown>>;
  switchBranch(messageId: string): Promise<Result<unknown>>;
}

type ReportError = (failure: { prefix: string; error: AppError } | null) => void;

/** The actions every message's controls use (versions, edit, regenerate), each failure reported in place. */
export function useMessageActionsValue(
  conversation: ConversationLike,
  target: ReplyTarget | null,
  replyBlockedReason: string | null,
  report: ReportError,
): MessageActions {
  const { generating, edit, regenerate, continueReply, switchBranch } = conversation;
  return useMemo(
    (): MessageActions => ({
      busy: generating,
      replyBlockedReason: target ? replyBlockedReason : (replyBlockedReason ?? 'Pick a model first.'),
      switchBranch: (messageId) => {
        void switchBranch(messageId).then((result) =>
          report(result.ok ? null : { prefix: 'Could not show that version', error: result.error }),
        );
      },
      edit: async (messageId, content) => {
        if (!target) return false;
        const result = await edit(target, messageId, content);
        report(result.ok ? null : { prefix: 'Your edited message was not sent', error: result.error });
        return result.ok;
      },
      regenerate: (replyId) => {
        if (!target) return;
        void regenerate(target, replyId).then((result) =>
          report(result.ok ? null : { prefix: 'Could not write another reply', error: result.error }),
        );
      },
      continueBlockedReason: target?.modelId ? null : 'Continuing a reply needs a local model: pick one.',
      continueReply: (replyId) => {
        if (!target?.modelId) return;
        void continueReply(target.modelId, replyId).then((result) =>
          report(result.ok ? null : { prefix: 'Could not continue the reply', error: result.error }),
        );
      },
    }),
    [generating, target, replyBlockedReason, edit, regenerate, continueReply, switchBranch, report],
  );
}

/**
 * The conversation's keys: Escape stops the reply being written, Ctrl/Cmd+Shift+Enter writes the
 * last reply again. Only while the conversation is on screen and no dialog has the keyboard.
 */
export function useConversationShortcuts(root: RefObject<HTMLElement | null>, conversation: ConversationLike, actions: MessageActions, onStop: () => void) {
  const onKey = useEffectEvent((event: KeyboardEvent) => {
    const element = root.current;
    if (event.defaultPrevented || !element || element.closest('[hidden]') || dialogOpen()) return;
    if (event.key === 'Escape' && conversation.generating) {
      event.preventDefault();
      onStop();
    } else if (event.key === 'Enter' && event.shiftKey && hasCommandKey(event) && !conversation.generating) {
      const lastReply = conversation.messages?.findLast((message) => message.role === 'assistant');
      if (!lastReply) return;
      event.preventDefault();
      actions.regenerate(lastReply.id);
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);
}
