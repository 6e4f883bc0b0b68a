/**
 * Finds a vocabulary's special tokens in prompt text, to tokenise a rendered prompt as llama.cpp does
 * (special tokens where the template wrote them, plain text between them) while special-token text
 * inside a message's content stays plain text.
 */
import { SpecialTokensText } from 'node-llama-cpp';
import type { SpecialTokenText } from './templateVocabulary.js';

/** A prompt split for tokenising: plain text, and special tokens (with the whitespace they strip). */
export type PromptPart = string | SpecialTokensText;

export class SpecialTokenMatcher {
  private readonly pattern: RegExp | null;
  private readonly indexByText: ReadonlyMap<string, number>;

  /** `specialTokens` longest first, so that where two overlap the longer one wins, as in llama.cpp. */
  public constructor(private readonly specialTokens: readonly SpecialTokenText[]) {
    this.indexByText = new Map(specialTokens.map((token, index) => [token.text, index]));
    const alternatives = specialTokens.map((token) => escapeRegExp(token.text));
    this.pattern = alternatives.length === 0 ? null : new RegExp(alternatives.join('|'), 'g');
  }

  /**
   * `text` with every special token replaced by `marker`, its index and U+E001: text that no longer
   * reads as a special token to `split`, and that `restore` turns back. Give each prompt a marker with a
   * fresh random nonce, so content cannot forge one.
   */
  public escape(text: string, marker: string): string {
    if (this.pattern === null) return text;
    return text.replace(this.pattern, (token) => `${marker}${this.indexByText.get(token) ?? -1}\uE001`);
  }

  /** `text` with the special tokens `escape` replaced written back. */
  public restore(text: string, marker: string): string {
    if (!text.includes(marker)) return text;
    return text.replace(new RegExp(`${escapeRegExp(marker)}(-?\\d+)\uE001`, 'g'), (_, index: string) => {
      return this.specialTokens[Number(index)]?.text ?? '';
    });
  }

  /**
   * `prompt` as llama.cpp's tokenizer splits it: each special token its own part, everything between two
   * of them one plain string (tokenising template text and content apart would merge differently, e.g.
   * "?[/INST]"). A token that strips whitespace takes it along, as it does in llama.cpp. Plain parts
   * have escaped content restored.
   */
  public split(prompt: string, marker: string): PromptPart[] {
    if (this.pattern === null) return prompt === '' ? [] : [this.restore(prompt, marker)];
    const parts: PromptPart[] = [];
    let plainStart = 0;
    for (const match of prompt.matchAll(this.pattern)) {
      const token = this.specialTokens[this.indexByText.get(match[0]) ?? -1];
      let start = match.index;
      let end = start + match[0].length;
      // Whitespace an earlier token already took.
      if (start < plainStart) continue;
      if (token?.lstrip) while (start > plainStart && /\s/.test(prompt.charAt(start - 1))) start--;
      if (token?.rstrip) while (end < prompt.length && /\s/.test(prompt.charAt(end))) end++;
      if (start > plainStart) parts.push(this.restore(prompt.slice(plainStart, start), marker));
      parts.push(new SpecialTokensText(prompt.slice(start, end)));
      plainStart = end;
    }
    if (plainStart < prompt.length) parts.push(this.restore(prompt.slice(plainStart), marker));
    return parts;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
