/**
 * Citation markers in a reply's text — "[1]", "[2, 3]" — turned into elements the window renders as
 * buttons that open the source. Done on the Markdown tree (a remark plugin), so markers inside code,
 * inline code and links are left as they are. Pure functions over plain objects: no DOM, no React.
 * What counts as a marker is defined once, for core and the CLI too, in electron/shared/citationMarkers.ts.
 */

import { citationMarkerPattern, citationNumbers } from '@shared/citationMarkers.js';

/** The little of an mdast node the plugin reads and writes. */
export interface MarkdownNode {
  type: string;
  value?: string;
  children?: MarkdownNode[];
  data?: { hName?: string; hProperties?: Record<string, unknown>; hChildren?: unknown[] };
}

export type CitationPiece = { kind: 'text'; text: string } | { kind: 'citation'; number: number };

/** Node types whose text is never scanned: code is literal, and a button inside a link cannot be clicked on its own. */
const untouched = new Set(['code', 'inlineCode', 'link', 'linkReference', 'definition', 'html']);

/** The mdast node type for one cited number; rendered as a `<button data-citation="n">`. */
export const citationNodeType = 'citation';

/**
 * Splits `text` at citation markers whose every number is `known`; a marker naming any other number
 * stays plain text, as core has already dropped citations of passages it did not give.
 */
export function splitCitationMarkers(text: string, known: ReadonlySet<number>): CitationPiece[] {
  const pieces: CitationPiece[] = [];
  let last = 0;
  const pushText = (value: string) => {
    if (value === '') return;
    const previous = pieces.at(-1);
    if (previous?.kind === 'text') previous.text += value;
    else pieces.push({ kind: 'text', text: value });
  };
  for (const match of text.matchAll(citationMarkerPattern)) {
    // Group 1 always takes part in a match; the check is for the type.
    const [marker, list] = match;
    if (list === undefined) continue;
    const numbers = citationNumbers(list);
    if (!numbers.every((number) => known.has(number))) continue;
    pushText(text.slice(last, match.index));
    // The buttons stand for the brackets: "[2, 3]" becomes two numbered chips side by side.
    for (const number of numbers) pieces.push({ kind: 'citation', number });
    last = match.index + marker.length;
  }
  pushText(text.slice(last));
  return pieces;
}

function citationNode(number: number): MarkdownNode {
  return {
    type: citationNodeType,
    data: {
      hName: 'button',
      hProperties: { type: 'button', dataCitation: String(number) },
      hChildren: [{ type: 'text', value: String(number) }],
    },
  };
}

/** Replaces, in place, the text nodes under `node` that hold markers for `known` numbers. */
export function linkCitationMarkers(node: MarkdownNode, known: ReadonlySet<number>): void {
  if (!node.children || untouched.has(node.type)) return;
  node.children = node.children.flatMap((child): MarkdownNode[] => {
    if (child.type !== 'text' || typeof child.value !== 'string') {
      linkCitationMarkers(child, known);
      return [child];
    }
    const pieces = splitCitationMarkers(child.value, known);
    if (pieces.length === 1 && pieces[0]?.kind === 'text') return [child];
    return pieces.map((piece) => (piece.kind === 'text' ? { type: 'text', value: piece.text } : citationNode(piece.number)));
  });
}

/** The remark plugin: `remarkPlugins={[[remarkCitations, { numbers: [1, 2, 3] }]]}`. */
export function remarkCitations(options: { numbers: readonly number[] }) {
  const known = new Set(options.numbers);
  return (tree: MarkdownNode) => linkCitationMarkers(tree, known);
}
