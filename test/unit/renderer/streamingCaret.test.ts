import { describe, expect, it } from 'vitest';
import { appendCaret, caretClassName, type HtmlNode } from '../../../renderer/src/features/chat/streamingCaret.js';

/**
 * Where the caret of a streaming reply goes in its rendered Markdown: after the last word, inside
 * the block that word is in, so it sits on that line. Hand-built hast trees shaped as react-markdown
 * builds them (blocks separated by "\n" text); the caret on screen is checked in
 * test/e2e/replies.e2e.test.ts.
 */
const text = (value: string): HtmlNode => ({ type: 'text', value });
const element = (tagName: string, ...children: HtmlNode[]): HtmlNode => ({ type: 'element', tagName, properties: {}, children });
const root = (...children: HtmlNode[]): HtmlNode => ({ type: 'root', children });

/** The tree as a compact string, the caret written as "|". */
function render(node: HtmlNode): string {
  if (node.type === 'text') return node.value ?? '';
  const classes = node.properties?.className;
  if (Array.isArray(classes) && classes.includes(caretClassName)) return '|';
  const inner = (node.children ?? []).map(render).join('');
  return node.type === 'root' ? inner : `<${node.tagName}>${inner}</${node.tagName}>`;
}

function withCaret(tree: HtmlNode): string {
  appendCaret(tree);
  return render(tree);
}

describe('the streaming caret', () => {
  it('ends the last paragraph, after inline elements too', () => {
    expect(withCaret(root(element('p', text('One.')), text('\n'), element('p', text('Two words'))))).toBe('<p>One.</p>\n<p>Two words|</p>');
    expect(withCaret(root(element('p', text('See '), element('strong', text('this'))), text('\n')))).toBe('<p>See <strong>this</strong>|</p>\n');
    expect(withCaret(root(element('p', text('Cited '), element('button', text('1')))))).toBe('<p>Cited <button>1</button>|</p>');
  });

  it('goes into the last item of a list, the last cell of a table, the last line of a code block', () => {
    const list = root(element('ul', text('\n'), element('li', text('a')), text('\n'), element('li', text('b')), text('\n')));
    expect(withCaret(list)).toBe('<ul>\n<li>a</li>\n<li>b|</li>\n</ul>');
    const nested = root(element('ol', element('li', element('p', text('loose')), text('\n'))));
    expect(withCaret(nested)).toBe('<ol><li><p>loose|</p>\n</li></ol>');
    const table = root(element('table', element('tbody', element('tr', element('td', text('x')), element('td', text('y'))))));
    expect(withCaret(table)).toBe('<table><tbody><tr><td>x</td><td>y|</td></tr></tbody></table>');
    const code = root(element('pre', element('code', text('let a = 1;\nlet b\n'))));
    expect(withCaret(code)).toBe('<pre><code>let a = 1;\nlet b|\n</code></pre>');
  });

  it('stays after a block that holds nothing, and in an empty reply', () => {
    expect(withCaret(root(element('p', text('Above')), element('hr')))).toBe('<p>Above</p><hr></hr>|');
    expect(withCaret(root())).toBe('|');
  });
});
