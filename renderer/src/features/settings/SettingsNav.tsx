import type { MouseEvent } from 'react';

export interface SettingsSectionLink {
  /** The section element's id, which the link points at. */
  id: string;
  label: string;
}

interface SettingsNavProps {
  sections: readonly SettingsSectionLink[];
  /** The section being read, marked with aria-current. */
  current: string;
  onGo: (id: string) => void;
}

/**
 * The sections of Settings as a list of in-page links: a column beside them in a wide window, a row
 * above them in a narrow one (settings.css). Links, not tabs: every section stays on the one page, so
 * it can be read through, searched and scrolled; a link jumps to its section and marks it current.
 */
export function SettingsNav({ sections, current, onGo }: SettingsNavProps) {
  function go(event: MouseEvent, id: string) {
    event.preventDefault();
    onGo(id);
  }

  return (
    <nav className="settings-nav" aria-label="Settings">
      <ul>
        {sections.map((section) => (
          <li key={section.id}>
            <a href={`#${section.id}`} aria-current={current === section.id ? 'true' : undefined} onClick={(event) => go(event, section.id)}>
              {section.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
