import { type ReactNode, useMemo } from 'react';
import Markdown, { type Components, type Options } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { MessageSource } from '@shared/documents.js';
import { CopyButton } from '../../components/CopyButton.js';
import { useOpenLink } from '../links/LinkConfirm.js';
import { remarkCitations } from './citationMarkers.js';
import { describeSource } from './sourceLabels.js';
import { rehypeStreamingCaret } from './streamingCaret.js';

/** A reply's numbered sources, and what opening one does. */
export interface Citations {
  sources: MessageSource[];
  onOpen: (source: MessageSource, opener: HTMLElement) => void;
}

/**
 * A link in a reply never opens on a click: the window shows its full URL and asks first (LinkConfirm),
 * and only then main opens it in the system browser, or not at all.
 */
function ExternalLink({ href, children }: { href: string | undefined; children: ReactNode }) {
  const openLink = useOpenLink();
  return (
    <a
      href={href}
      target="_blank"
      rel="noreferrer noopener"
      onClick={(event) => {
        event.preventDefault();
        if (href) openLink(href);
      }}
    >
      {children}
    </a>
  );
}

/** Links go through ExternalLink; images are not shown, since a model could name a remote one. */
const baseComponents: Components = {
  a: ({ href, children }) => <ExternalLink href={href}>{children}</ExternalLink>,
  // A code block carries its own Copy button: code is what people most often take out of a reply.
  pre: ({ node, children }) => (
    <div className="code-block">
      <pre>{children}</pre>
      <CopyButton text={textOf(node)} what="code" />
    </div>
  ),
};

/** The little of a hast node the code-block copy reads: its text, wherever it is nested. */
interface TextNode {
  type: string;
  value?: string;
  children?: TextNode[];
}

function textOf(node: TextNode | undefined): string {
  if (!node) return '';
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(textOf).join('');
}

/** While a reply streams: the caret after its last word (streamingCaret.ts). */
const caretPlugins: Options['rehypePlugins'] = [rehypeStreamingCaret];

/**
 * A message as GitHub-flavoured Markdown. Raw HTML in the text is dropped, never rendered. With
 * `citations`, markers such as [1] or [2, 3] naming a given source become buttons that open it;
 * with `streaming`, a caret follows the last word.
 */
export function MarkdownText({ text, citations, streaming = false }: { text: string; citations?: Citations; streaming?: boolean }) {
  const { remarkPlugins, components } = useMemo((): { remarkPlugins: Options['remarkPlugins']; components: Components } => {
    if (!citations || citations.sources.length === 0) return { remarkPlugins: [remarkGfm], components: baseComponents };
    const numbers = citations.sources.map((source) => source.number);
    const withCitations: Components = {
      ...baseComponents,
      // Only the citation plugin makes buttons: Markdown has none, and raw HTML is skipped.
      button: ({ node, children }) => {
        const cited = node?.properties.dataCitation;
        const source = citations.sources.find((candidate) => String(candidate.number) === String(cited));
        if (!source) return <span>{children}</span>;
        return (
          <button
            type="button"
            className="citation-marker"
            aria-label={`Source ${describeSource(source)}`}
            onClick={(event) => citations.onOpen(source, event.currentTarget)}
          >
            {source.number}
          </button>
        );
      },
    };
    return { remarkPlugins: [remarkGfm, [remarkCitations, { numbers }]], components: withCitations };
  }, [citations]);

  return (
    <div className="markdown">
      <Markdown
        remarkPlugins={remarkPlugins}
        rehypePlugins={streaming ? caretPlugins : undefined}
        skipHtml
        disallowedElements={['img']}
        unwrapDisallowed
        components={components}
      >
        {text}
      </Markdown>
    </div>
  );
}
