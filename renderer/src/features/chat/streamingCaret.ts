/**
 * The blinking caret of a reply being written, placed inside the Markdown it follows: after the last
 * word of the last paragraph, list item, table cell or code line, so it sits on that line rather than
 * on a line of its own under the block. A rehype plugin over plain objects: no DOM, no React.
 */

/** The little of a hast node the plugin reads and writes. */
export interface HtmlNode {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HtmlNode[];
}

/** The class the caret element carries (styled in chat.css). */
export const caretClassName = 'message-caret';

/** Elements that hold text on the line they are on: the caret goes after them, never into them. */
const inline = new Set(['a', 'abbr', 'b', 'br', 'button', 'code', 'del', 'em', 'i', 'img', 'input', 'kbd', 'mark', 'q', 's', 'span', 'strong', 'sub', 'sup', 'u']);
/** Blocks that hold nothing: the caret goes after them. */
const empty = new Set(['hr']);

function isBlankText(node: HtmlNode): boolean {
  return node.type === 'text' && (node.value ?? '').trim() === '';
}

function caretElement(): HtmlNode {
  return { type: 'element', tagName: 'span', properties: { className: [caretClassName], ariaHidden: 'true' }, children: [] };
}

/**
 * Puts the caret after the last text in `tree`: down through the last block (a list's last item, a
 * table's last cell, a code block's code) to the element whose last content is text or inline.
 * Trailing line breaks of a code block's text stay after the caret, so it ends the last code line.
 */
export function appendCaret(tree: HtmlNode): void {
  let parent = tree;
  for (;;) {
    const children = (parent.children ??= []);
    const lastIndex = children.findLastIndex((child) => !isBlankText(child) && child.type !== 'comment');
    const last = children[lastIndex];
    const tagName = last?.type === 'element' ? (last.tagName ?? '') : null;
    const descend = tagName !== null && !inline.has(tagName) && !empty.has(tagName);
    // A code block's <code> is inline by name but a block in fact: its last line is where the caret goes.
    const codeBlock = tagName === 'code' && parent.tagName === 'pre';
    if (last && (descend || codeBlock)) {
      parent = last;
      continue;
    }
    if (last?.type === 'text' && parent.tagName === 'code') {
      const value = last.value ?? '';
      const body = value.replace(/\n+$/, '');
      const breaks = value.slice(body.length);
      children.splice(lastIndex, 1, { type: 'text', value: body }, caretElement(), ...(breaks ? [{ type: 'text', value: breaks }] : []));
      return;
    }
    children.splice(lastIndex + 1, 0, caretElement());
    return;
  }
}

/** The rehype plugin: `[rehypeStreamingCaret]` in react-markdown's `rehypePlugins` while a reply streams. */
export function rehypeStreamingCaret() {
  return (tree: HtmlNode) => appendCaret(tree);
}
