import { useEffect, useState } from 'react';
import type { AppError } from '@shared/errors.js';
import type { ReplyPrompt } from '@shared/replyPrompt.js';
import { enclave, settle } from '../../lib/api.js';

type SettledPrompt = { phase: 'ready'; prompt: ReplyPrompt | null } | { phase: 'failed'; error: AppError };

export type ReplyPromptState = { phase: 'idle' } | { phase: 'loading' } | SettledPrompt;

/**
 * The exact prompt a reply was given, asked for once `wanted` (its details opened) and kept while the
 * reply is shown: prompts can be long, so a chat's messages never carry them.
 */
export function useReplyPrompt(messageId: string, wanted: boolean): ReplyPromptState {
  const [state, setState] = useState<{ messageId: string; value: SettledPrompt } | null>(null);
  // An answer for another reply (the view reused for a new one) is not shown as this one's.
  const settled = state?.messageId === messageId ? state.value : null;
  useEffect(() => {
    if (!wanted || settled) return;
    let current = true;
    void settle(() => enclave().chats.replyPrompt({ messageId })).then((result) => {
      if (!current) return;
      setState({ messageId, value: result.ok ? { phase: 'ready', prompt: result.value } : { phase: 'failed', error: result.error } });
    });
    return () => {
      current = false;
    };
  }, [messageId, wanted, settled]);
  if (settled) return settled;
  return wanted ? { phase: 'loading' } : { phase: 'idle' };
}
