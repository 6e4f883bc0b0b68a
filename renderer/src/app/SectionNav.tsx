import { Icon } from '../components/Icon.js';

export type View = 'chat' | 'models' | 'settings';

interface SectionNavProps {
  view: View;
  onChange(view: View): void;
  /** Models whose file changed or went missing: shown as a count beside "Models". */
  modelsNeedingAttention: number;
}

/** The way to the library and the settings, below the chats. A chat in the list is the way back. */
export function SectionNav({ view, onChange, modelsNeedingAttention }: SectionNavProps) {
  return (
    <nav className="section-nav" aria-label="Sections">
      <button
        type="button"
        className="section-nav-item"
        aria-current={view === 'models' ? 'page' : undefined}
        onClick={() => onChange('models')}
      >
        <Icon name="models" /> Models
        {modelsNeedingAttention > 0 && (
          <span className="attention-count">
            {modelsNeedingAttention}
            <span className="visually-hidden"> need{modelsNeedingAttention === 1 ? 's' : ''} attention</span>
          </span>
        )}
      </button>
      <button
        type="button"
        className="section-nav-item"
        aria-current={view === 'settings' ? 'page' : undefined}
        onClick={() => onChange('settings')}
      >
        <Icon name="settings" /> Settings
      </button>
    </nav>
  );
}
