import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';

/** How far below the top of the scrolling column a section's top may be and still count as the one being read. */
const readingLine = 64;

/**
 * Which section of a scrolling column is being read: the last one whose top has passed near the top
 * of the column, or the last section once the column is scrolled to its end. `goTo` scrolls to a
 * section and keeps it current until the user scrolls by themselves, so a short last section chosen
 * from the navigation stays marked even though it cannot reach the top.
 */
export function useCurrentSection(column: RefObject<HTMLElement | null>, ids: readonly string[]) {
  const [current, setCurrent] = useState(ids[0] ?? '');
  const chosen = useRef<string | null>(null);
  const key = ids.join(' ');

  useEffect(() => {
    const element = column.current;
    if (!element) return;
    const sections = key.split(' ');
    function update() {
      if (!element || chosen.current) return;
      const top = element.getBoundingClientRect().top;
      let reading = sections[0] ?? '';
      for (const id of sections) {
        const section = document.getElementById(id);
        if (section && section.getBoundingClientRect().top - top <= readingLine) reading = id;
      }
      if (element.scrollTop > 0 && element.scrollTop + element.clientHeight >= element.scrollHeight - 2) reading = sections.at(-1) ?? reading;
      setCurrent(reading);
    }
    // A wheel, a touch, a key or a click in the column is the user scrolling: the chosen section lets go.
    function release() {
      chosen.current = null;
    }
    update();
    element.addEventListener('scroll', update, { passive: true });
    const releasers = ['wheel', 'touchstart', 'keydown', 'pointerdown'] as const;
    for (const type of releasers) element.addEventListener(type, release, { passive: true });
    return () => {
      element.removeEventListener('scroll', update);
      for (const type of releasers) element.removeEventListener(type, release);
    };
  }, [column, key]);

  const goTo = useCallback((id: string) => {
    const section = document.getElementById(id);
    if (!section) return;
    chosen.current = id;
    setCurrent(id);
    section.scrollIntoView({ block: 'start' });
    // Focus moves with the reader, so the next Tab goes into the section just chosen.
    section.querySelector<HTMLElement>('[data-section-heading]')?.focus({ preventScroll: true });
  }, []);

  return { current, goTo };
}
