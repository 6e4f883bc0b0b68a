import { useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { MessageSource } from '@shared/documents.js';
import { bestMatchingSentence } from '@shared/passageSnippet.js';
import { DisclosureButton } from '../../components/DisclosureButton.js';
import { formatCount } from '../../lib/format.js';
import { describeSource, sourceLocation } from './sourceLabels.js';

interface SourceListProps {
  sources: MessageSource[];
  /** The question answered: each source quotes its sentence that matches it best (passageSnippet.ts). */
  question?: string | undefined;
  /** Whether the reply is finished: only then does core know which sources it cited. */
  settled: boolean;
  onOpen: (source: MessageSource, opener: HTMLElement) => void;
}

/**
 * The passages a grounded reply was given. Those it cites stay in view as compact cards; the others
 * fold behind "4 more passages retrieved" (all of them while the reply is still being written, as
 * only its end says which it cited), a click or Enter away.
 */
export function SourceList({ sources, question, settled, onOpen }: SourceListProps) {
  const [expanded, setExpanded] = useState(false);
  const restId = useId();
  const cited = settled ? sources.filter((source) => source.cited) : [];
  const rest = settled ? sources.filter((source) => !source.cited) : sources;
  return (
    <div className="sources">
      {cited.length > 0 && (
        <>
          <h3 className="sources-heading">Sources</h3>
          <ol className="source-list" aria-label="Sources">
            {cited.map((source) => (
              <SourceItem key={source.number} source={source} question={question} onOpen={onOpen} />
            ))}
          </ol>
        </>
      )}
      {rest.length > 0 && (
        <>
          <DisclosureButton className="sources-toggle" expanded={expanded} controls={restId} onToggle={() => setExpanded(!expanded)}>
            <span className="sources-toggle-arrow" aria-hidden="true" />
            {foldedLabel(rest.length, cited.length, settled)}
          </DisclosureButton>
          <ol id={restId} className="source-list source-list-secondary" aria-label="Also retrieved" hidden={!expanded}>
            {rest.map((source) => (
              <SourceItem key={source.number} source={source} question={question} onOpen={onOpen} />
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

/** "4 more passages retrieved" under cited ones; "6 passages retrieved, none cited" when the reply cites none. */
function foldedLabel(folded: number, cited: number, settled: boolean): string {
  const count = formatCount(folded, 'passage');
  if (cited > 0) return `${folded.toLocaleString('en-US')} more ${folded === 1 ? 'passage' : 'passages'} retrieved`;
  return settled ? `${count} retrieved, none cited` : `${count} retrieved`;
}

function SourceItem({ source, question, onOpen }: { source: MessageSource; question: string | undefined; onOpen: SourceListProps['onOpen'] }) {
  const [expanded, setExpanded] = useState(false);
  const passageId = useId();
  const location = sourceLocation(source);
  // Folded, the sentence that matches the question (a chunk's first words are often a cut sentence's tail).
  const snippet = useMemo(() => (question ? bestMatchingSentence(source.text, question) : source.text), [question, source.text]);
  const shown = expanded ? source.text : snippet;
  const [passageRef, overflows] = useClampedOverflow(shown);
  return (
    <li className="source-item" data-cited={source.cited || undefined}>
      {/* Named as its citation marker is; the visible text (spaced, for axe's label check) is part of that name. */}
      <button
        type="button"
        className="source-open"
        aria-label={`Source ${describeSource(source)}`}
        onClick={(event) => onOpen(source, event.currentTarget)}
      >
        <span className="source-number">{source.number}</span>{' '}
        <span className="source-file">{source.fileName}</span>
        {location && (
          <>
            , <span className="source-location">{location}</span>
          </>
        )}
      </button>
      <p ref={passageRef} id={passageId} className="source-passage" data-clamped={expanded ? undefined : true}>
        {shown}
      </p>
      {(overflows || expanded || snippet !== source.text) && (
        <DisclosureButton className="link-button" expanded={expanded} controls={passageId} onToggle={() => setExpanded(!expanded)}>
          {expanded ? 'Show less' : 'Show the whole passage'}
        </DisclosureButton>
      )}
    </li>
  );
}

/**
 * Whether a passage shown clamped to two lines (CSS) hides some of its text, so "Show the whole
 * passage" appears only when there is more to show; measured again when the width changes.
 */
function useClampedOverflow(text: string) {
  const ref = useRef<HTMLParagraphElement>(null);
  const [overflows, setOverflows] = useState(false);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      if (element.dataset.clamped !== undefined) setOverflows(element.scrollHeight > element.clientHeight + 1);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [text]);
  return [ref, overflows] as const;
}
