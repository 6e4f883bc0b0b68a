import type { Database } from 'better-sqlite3-multiple-ciphers';
import { StreamedThought } from '../llm/streamedThought.js';
import { updateMessageContent } from './store/messages.js';
import { saveReplyThought } from './store/replyThoughts.js';

/**
 * A reply's text as it grows, saved to its row: at the first words (so a reply that was shown is
 * never lost whole), then every `intervalMs`, and at once when the process is about to die.
 */
export class SavedText {
  text: string;
  /** A reasoning model's thoughts so far, saved with the text (to their own table) as they grow. */
  readonly thought = new StreamedThought();
  private dirty = false;
  private thoughtDirty = false;
  private appended = false;

  constructor(
    private readonly db: Database,
    private readonly messageId: string,
    prefix: string,
  ) {
    this.text = prefix;
  }

  append(chunk: string): void {
    this.text += chunk;
    this.dirty = true;
    if (this.appended) return;
    this.appended = true;
    this.save();
  }

  appendThought(chunk: string): void {
    this.thought.append(chunk);
    this.thoughtDirty = true;
  }

  /** Writes the text (and thoughts) if they changed since the last write; never throws (a full disk loses only this save). */
  save(): void {
    this.saveThought();
    if (!this.dirty) return;
    this.dirty = false;
    try {
      updateMessageContent(this.db, this.messageId, this.text);
    } catch {
      this.dirty = true;
    }
  }

  private saveThought(): void {
    const thought = this.thoughtDirty ? this.thought.kept(undefined) : null;
    if (thought === null) return;
    this.thoughtDirty = false;
    try {
      saveReplyThought(this.db, this.messageId, thought);
    } catch {
      this.thoughtDirty = true;
    }
  }
}
