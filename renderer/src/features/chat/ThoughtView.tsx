import type { ReplyThought } from '@shared/replyThought.js';
import { thoughtSummary } from './thoughtSummary.js';

interface ThoughtViewProps {
  thought: ReplyThought;
  /** The model is still thinking: no word of its answer yet. */
  thinking: boolean;
}

/**
 * A reasoning model's thoughts, folded above its answer ("Thought for 12 s", opened on request) and
 * kept visibly apart from it: plain text, with no citation markers, since they are not the answer.
 * A native details element: a keyboard and a screen reader open and close it as any disclosure.
 */
export function ThoughtView({ thought, thinking }: ThoughtViewProps) {
  return (
    <details className="message-thought" data-thinking={thinking || undefined}>
      <summary>{thoughtSummary(thought, thinking)}</summary>
      <div className="message-thought-text">{thought.text}</div>
    </details>
  );
}
