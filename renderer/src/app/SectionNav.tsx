import { Icon, type IconName } from '../components/Icon.js';

export type View = 'chat' | 'documents' | 'presets' | 'models' | 'usage' | 'audit' | 'settings';

interface SectionNavProps {
  view: View;
  onChange: (view: View) => void;
  /** Models whose file changed or went missing: shown as a count beside "Models". */
  modelsNeedingAttention: number;
  /**
   * The sidebar is a rail: each section shows its icon, its name stays for screen readers and as a
   * tooltip. The rail has no room for the chats, so a "Chats" entry leads back to the conversation.
   */
  iconsOnly?: boolean;
}

const chatsSection = { view: 'chat', label: 'Chats', icon: 'chats' } as const;

const sections: Array<{ view: Exclude<View, 'chat'>; label: string; icon: IconName }> = [
  { view: 'documents', label: 'Documents', icon: 'documents' },
  { view: 'presets', label: 'Assistants', icon: 'assistants' },
  { view: 'models', label: 'Models', icon: 'models' },
  { view: 'usage', label: 'Usage', icon: 'usage' },
  { view: 'audit', label: 'Audit trail', icon: 'audit' },
  { view: 'settings', label: 'Settings', icon: 'settings' },
];

/** The way to the documents, the model library, usage, the audit trail and the settings, below the chats. A chat in the list is the way back. */
export function SectionNav({ view, onChange, modelsNeedingAttention, iconsOnly = false }: SectionNavProps) {
  return (
    <nav className="section-nav" aria-label="Sections">
      {(iconsOnly ? [chatsSection, ...sections] : sections).map((section) => (
        <button
          key={section.view}
          type="button"
          className="list-button section-nav-item"
          aria-current={view === section.view ? 'page' : undefined}
          title={iconsOnly ? section.label : undefined}
          onClick={() => onChange(section.view)}
        >
          <Icon name={section.icon} /> <span className="section-nav-label">{section.label}</span>
          {section.view === 'models' && modelsNeedingAttention > 0 && (
            <span className="attention-count">
              {modelsNeedingAttention}
              <span className="visually-hidden"> need{modelsNeedingAttention === 1 ? 's' : ''} attention</span>
            </span>
          )}
        </button>
      ))}
    </nav>
  );
}
