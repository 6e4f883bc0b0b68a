import type { ReplyThought } from '../../shared/replyThought.js';

/**
 * A reply's thoughts as they stream, timed from the first thought to the first word of the answer. The
 * model host records a local reply's with it; the reply runner keeps its own for writers that report
 * none (a remote endpoint, a reply stopped or failed midway).
 */
export class StreamedThought {
  private text = '';
  private startedAt: number | null = null;
  private endedAt: number | null = null;

  append(chunk: string): void {
    this.startedAt ??= performance.now();
    this.text += chunk;
  }

  /** The answer began: the thinking is over. Later calls change nothing. */
  end(): void {
    if (this.startedAt !== null) this.endedAt ??= performance.now();
  }

  /** What to keep: the writer's own record when it has one, else what streamed; null when there was no thought. */
  kept(reported: ReplyThought | undefined): ReplyThought | null {
    if (reported) return reported;
    if (this.text.trim() === '' || this.startedAt === null) return null;
    return { text: this.text, durationMs: this.endedAt === null ? null : this.endedAt - this.startedAt };
  }
}
