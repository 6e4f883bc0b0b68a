import { type RefObject, useEffect, useEffectEvent, useMemo } from 'react';
import type { ChatMessage } from '@shared/domain.js';
import type { AppError, Result } from '@shared/errors.js';
import { dialogOpen, hasCommandKey } from '../../lib/shortcuts.js';
import type { RemoteSend } from '../remote/useRemoteSend.js';
import type { MessageActions } from './messageActions.js';
import type { ReplyTarget } from './useConversation.js';

interface ConversationLike {
  messages: ChatMessage[] | null;
  generating: boolean;
  edit: (target: ReplyTarget, messageId: string, content: string, confirmSensitive?: boolean) => Promise<Result<unknown>>;
  regenerate: (target: ReplyTarget, replyId: string, confirmSensitive?: boolean) => Promise<Result<unknown>>;
  continueReply: (modelId: string, replyId: string) => Promise<Result<unknown>>;
  switchBranch: (messageId: string) => Promise<Result<unknown>>;
}

type ReportError = (failure: { prefix: string; error: AppError } | null) => void;

/** The data-loss check a remote edit or regeneration passes first (features/remote/useRemoteSend). */
type RemoteCheck = Pick<RemoteSend, 'check' | 'noteSent'>;

/**
 * The actions every message's controls use (versions, edit, regenerate), each failure reported in
 * place. An edit or a regeneration for a remote model goes through the same data-loss check as a new
 * message: the preview of what would leave, and the user's answer to warned findings.
 */
export function useMessageActionsValue(
  conversation: ConversationLike,
  target: ReplyTarget | null,
  replyBlockedReason: string | null,
  report: ReportError,
  remoteCheck: RemoteCheck,
): MessageActions {
  const { generating, edit, regenerate, continueReply, switchBranch } = conversation;
  const { check, noteSent } = remoteCheck;
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
        const checked = target.remote ? await check(target.remote, { content, editOf: messageId }) : null;
        if (target.remote && !checked) return false;
        const result = await edit(target, messageId, content, checked?.confirmSensitive ?? false);
        report(result.ok ? null : { prefix: 'Your edited message was not sent', error: result.error });
        if (result.ok && checked) noteSent(checked.preview);
        return result.ok;
      },
      regenerate: (replyId) => {
        if (!target) return;
        void (async () => {
          const checked = target.remote ? await check(target.remote, { regenerateOf: replyId }) : null;
          if (target.remote && !checked) return;
          const result = await regenerate(target, replyId, checked?.confirmSensitive ?? false);
          report(result.ok ? null : { prefix: 'Could not write another reply', error: result.error });
          if (result.ok && checked) noteSent(checked.preview);
        })();
      },
      continueBlockedReason: target?.modelId ? null : 'Continuing a reply needs a local model: pick one.',
      continueReply: (replyId) => {
        if (!target?.modelId) return;
        void continueReply(target.modelId, replyId).then((result) =>
          report(result.ok ? null : { prefix: 'Could not continue the reply', error: result.error }),
        );
      },
    }),
    [generating, target, replyBlockedReason, edit, regenerate, continueReply, switchBranch, report, check, noteSent],
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
