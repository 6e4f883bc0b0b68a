import type { ReplyPrompt } from '@shared/replyPrompt.js';
import { CopyButton } from '../../components/CopyButton.js';
import { describeError } from '../../lib/api.js';
import { useReplyPrompt } from './useReplyPrompt.js';

interface ReplyPromptViewProps {
  messageId: string;
  /** The details are open: only then is the prompt asked for. */
  open: boolean;
}

/** "Exact prompt": what the reply's model was given, word for word, in a scrollable monospace box with Copy. */
export function ReplyPromptView({ messageId, open }: ReplyPromptViewProps) {
  const state = useReplyPrompt(messageId, open);
  if (state.phase === 'idle') return null;
  return (
    <div className="reply-prompt">
      <div className="reply-prompt-head">
        <span className="reply-prompt-title">Exact prompt</span>
        {state.phase === 'ready' && state.prompt && (
          <>
            <span className="muted">{describePrompt(state.prompt)}</span>
            <CopyButton text={state.prompt.text} what="exact prompt" />
          </>
        )}
      </div>
      {state.phase === 'loading' && <p className="muted">Reading the prompt…</p>}
      {state.phase === 'failed' && <p role="alert">{describeError(state.error)}</p>}
      {state.phase === 'ready' && state.prompt === null && (
        <p className="muted">Not recorded: this reply was written before Enclave kept prompts, or stopped before its prompt was sent.</p>
      )}
      {state.phase === 'ready' && state.prompt && (
        // Focusable, so the box scrolls from the keyboard.
        <pre className="reply-prompt-text" tabIndex={0}>
          {state.prompt.text}
        </pre>
      )}
    </div>
  );
}

function describePrompt(prompt: ReplyPrompt): string {
  if (prompt.kind === 'remote-request') return 'the request body as sent, after data-loss prevention';
  const tokens = prompt.tokenCount === null ? '' : `, ${prompt.tokenCount.toLocaleString('en')} tokens`;
  return `the model's chat template, special tokens written out${tokens}`;
}
