import { describe, expect, it } from 'vitest';
import {
  citationNodeType,
  linkCitationMarkers,
  type MarkdownNode,
  remarkCitations,
  splitCitationMarkers,
} from '../../../renderer/src/features/chat/citationMarkers.js';

/**
 * The transform behind clickable citations in a reply: markers naming given sources become
 * citation nodes (rendered as buttons), everything else is left as written. The real Markdown
 * pipeline around it is exercised end to end in test/e2e/documents.e2e.test.ts.
 */
const known = new Set([1, 2, 3]);
const text = (value: string): MarkdownNode => ({ type: 'text', value });
const citedNumbers = (node: MarkdownNode): number[] =>
  (node.children ?? []).flatMap((child) =>
    child.type === citationNodeType ? [Number(child.data?.hProperties?.dataCitation)] : citedNumbers(child),
  );

describe('citation markers', () => {
  it('splits a text at single and grouped markers, the numbers standing for the brackets', () => {
    expect(splitCitationMarkers('Ninety days [1]. Also [2, 3] and [3,1].', known)).toEqual([
      { kind: 'text', text: 'Ninety days ' },
      { kind: 'citation', number: 1 },
      { kind: 'text', text: '. Also ' },
      { kind: 'citation', number: 2 },
      { kind: 'citation', number: 3 },
      { kind: 'text', text: ' and ' },
      { kind: 'citation', number: 3 },
      { kind: 'citation', number: 1 },
      { kind: 'text', text: '.' },
    ]);
  });

  it('leaves markers naming a source that was not given, and bracketed text that is not a marker', () => {
    for (const value of ['See [4].', 'See [1, 9].', 'a [link] here', 'array[0]x [ 1 ] [1a] []']) {
      expect(splitCitationMarkers(value, known)).toEqual([{ kind: 'text', text: value }]);
    }
    expect(splitCitationMarkers('[1]', new Set())).toEqual([{ kind: 'text', text: '[1]' }]);
  });

  it('turns markers in paragraphs, lists and emphasis into citation nodes rendered as buttons', () => {
    const tree: MarkdownNode = {
      type: 'root',
      children: [
        { type: 'paragraph', children: [text('Notice is required [1].')] },
        { type: 'list', children: [{ type: 'listItem', children: [{ type: 'emphasis', children: [text('also [2, 3]')] }] }] },
      ],
    };
    linkCitationMarkers(tree, known);
    expect(citedNumbers(tree)).toEqual([1, 2, 3]);
    const paragraph = tree.children![0]!;
    expect(paragraph.children).toEqual([
      text('Notice is required '),
      {
        type: citationNodeType,
        data: { hName: 'button', hProperties: { type: 'button', dataCitation: '1' }, hChildren: [{ type: 'text', value: '1' }] },
      },
      text('.'),
    ]);
  });

  it('never touches code, inline code or link text', () => {
    const tree: MarkdownNode = {
      type: 'root',
      children: [
        { type: 'code', value: 'x = list[1]' },
        { type: 'paragraph', children: [{ type: 'inlineCode', value: '[1]' }, { type: 'link', children: [text('see [2]')] }] },
      ],
    };
    const before = structuredClone(tree);
    remarkCitations({ numbers: [1, 2] })(tree);
    expect(tree).toEqual(before);
  });
});
