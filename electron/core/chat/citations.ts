/**
 * Citation markers in a grounded reply: `[1]`, `[2, 3]`, `[1][4]`. A number that names no passage the
 * model was given is removed, never shown as a source: a reviewer must be able to trust that every
 * citation on screen leads to a passage that was actually retrieved. Code (fenced blocks and inline
 * spans) is left alone, where `[1]` is an index, not a citation.
 */

const marker = /\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]/g;
const codeSpans = /```[\s\S]*?(?:```|$)|`[^`\n]*`/g;

export interface ResolvedCitations {
  /** The reply with citations of passages that were not given removed. */
  text: string;
  /** The valid source numbers the reply cites, ascending. */
  cited: number[];
  /** How many markers named a passage that was not given. */
  dropped: number;
}

export function resolveCitations(reply: string, sourceCount: number): ResolvedCitations {
  const cited = new Set<number>();
  let dropped = 0;
  const rewrite = (prose: string) =>
    prose.replace(marker, (_match, list: string) => {
      const numbers = list.split(',').map((part) => Number(part.trim()));
      const valid = numbers.filter((number) => number >= 1 && number <= sourceCount);
      dropped += numbers.length - valid.length;
      valid.forEach((number) => cited.add(number));
      return valid.length > 0 ? `[${valid.join(', ')}]` : '';
    });

  let text = '';
  let last = 0;
  for (const code of reply.matchAll(codeSpans)) {
    text += rewrite(reply.slice(last, code.index)) + code[0];
    last = code.index + code[0].length;
  }
  text += rewrite(reply.slice(last));
  // A removed marker can leave a space before punctuation ("clause 7 [9]." -> "clause 7 .").
  if (dropped > 0) text = text.replace(/[ \t]+([.,;:!?])/g, '$1').replace(/[ \t]{2,}/g, ' ');
  return { text, cited: [...cited].sort((a, b) => a - b), dropped };
}
