/**
 * Citation markers in a grounded reply: `[1]`, `[2, 3]`, `[1][4]`. A number that names no passage the
 * model was given is removed, never shown as a source: a reviewer must be able to trust that every
 * citation on screen leads to a passage that was actually retrieved. Code (fenced blocks and inline
 * spans) is left alone, where `[1]` is an index, not a citation. What a marker is: electron/shared/citationMarkers.ts.
 */

import {
  checkCitationMarker,
  citationMarkerPattern,
  removeSpaceBeforePunctuation,
} from '../../shared/citationMarkers.js';

/** Fenced blocks (an unclosed one runs to the end) and inline spans: their brackets are code, not markers. */
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
    prose.replace(citationMarkerPattern, (_match, list: string) => {
      const checked = checkCitationMarker(list, sourceCount);
      dropped += checked.dropped;
      checked.cited.forEach((number) => cited.add(number));
      return checked.text;
    });

  let text = '';
  let last = 0;
  for (const code of reply.matchAll(codeSpans)) {
    text += rewrite(reply.slice(last, code.index)) + code[0];
    last = code.index + code[0].length;
  }
  text += rewrite(reply.slice(last));
  // A removed marker can leave a space before punctuation ("clause 7 [9]." -> "clause 7 .").
  if (dropped > 0) text = removeSpaceBeforePunctuation(text).replace(/[ \t]{2,}/g, ' ');
  return { text, cited: [...cited].sort((a, b) => a - b), dropped };
}
