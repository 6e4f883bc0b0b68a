import { type ReactNode, useRef, useState } from 'react';
import type { AppSettings, ModelInfo } from '@shared/domain.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave } from '../../lib/api.js';
import { useLiveQuery } from '../../lib/useLiveQuery.js';
import { ApiServerSection } from '../apiServer/ApiServerSection.js';
import { AuditSettingsSection } from '../audit/AuditSettingsSection.js';
import { IndexStatusNote } from '../documents/IndexStatusNote.js';
import { HistorySection } from '../history/HistorySection.js';
import { NetworkSection } from '../remote/NetworkSection.js';
import { DataSection } from '../storage/DataSection.js';
import type { IndexState } from '../documents/useIndexStatus.js';
import { DocumentSettingsForm } from './DocumentSettingsForm.js';
import { HardwareSection } from './HardwareSection.js';
import { RecommendationsSection } from './RecommendationsSection.js';
import { RuntimeSettingsForm } from './RuntimeSettingsForm.js';
import { SettingsNav } from './SettingsNav.js';
import { useCurrentSection } from './useCurrentSection.js';
import '../../components/column-view.css';
import '../../components/forms.css';
import './settings.css';

const loadSettings = () => enclave().settings.get();

/**
 * The sections, in the order they are shown. There is no "Models" section: the model library is its
 * own view, and what Settings decides about models (how many stay loaded, the memory they may take)
 * sits with the hardware it depends on; an empty section would only be a heading.
 */
const sections = [
  { id: 'settings-hardware', label: 'Hardware and runtime', summary: 'This computer, which models run well on it, and how they are kept in memory.' },
  { id: 'settings-documents', label: 'Documents', summary: 'How documents are searched, and the languages scans are read in.' },
  { id: 'settings-network', label: 'Network and policy', summary: 'Where requests may go, and what the machine policy decides.' },
  { id: 'settings-local-api', label: 'Local API', summary: 'Other programs on this computer using the local models, each with a token of its own.' },
  { id: 'settings-data', label: 'Data and privacy', summary: 'Where your data is kept, how it is protected, and your chat history.' },
  { id: 'settings-audit', label: 'Audit', summary: 'The record of what is done with the data on this computer.' },
] as const;
type SectionId = (typeof sections)[number]['id'];
const sectionIds = sections.map((section) => section.id);

interface SettingsViewProps {
  /** The catalog, to choose the embedding model from. */
  models: ModelInfo[];
  index: IndexState;
  onRuntimeSaved: (settings: AppSettings) => void;
  /** The database file, where the audit trail is kept. */
  databasePath: string;
  /** Opens the Audit view. */
  onOpenAudit: () => void;
}

/**
 * Settings: a navigation of its sections beside (or above, when narrow) one scrolling column of
 * them. Each section with settings to change has its own form and Save (see useSettingsSave).
 */
export function SettingsView({ models, index, onRuntimeSaved, databasePath, onOpenAudit }: SettingsViewProps) {
  const settings = useLiveQuery<AppSettings>(loadSettings);
  // A new memory budget changes what fits: the recommendations are worked out again.
  const [revision, setRevision] = useState(0);
  const column = useRef<HTMLDivElement>(null);
  const { current, goTo } = useCurrentSection(column, sectionIds);
  const readError = settings.error && <InlineAlert error={settings.error} prefix="Could not read the settings" />;

  return (
    <div className="column-view settings-view">
      <header className="view-header">
        <h1>Settings</h1>
      </header>
      <div className="settings-layout">
        <SettingsNav sections={sections} current={current} onGo={goTo} />
        <div className="settings-column" ref={column}>
          <SettingsSection id="settings-hardware">
            <div className="settings-pair">
              <HardwareSection />
              <RecommendationsSection key={revision} />
            </div>
            <section className="column-section" aria-labelledby="runtime-title">
              <h3 id="runtime-title">Runtime</h3>
              {readError}
              {settings.value && (
                <RuntimeSettingsForm
                  initial={settings.value}
                  onSaved={(saved) => {
                    setRevision((current) => current + 1);
                    onRuntimeSaved(saved);
                  }}
                />
              )}
            </section>
          </SettingsSection>
          <SettingsSection id="settings-documents">
            {readError}
            {settings.value && <DocumentSettingsForm initial={settings.value} models={models} onSaved={() => void index.reload()} />}
            <IndexStatusNote index={index} models={models} />
          </SettingsSection>
          <SettingsSection id="settings-network">
            <NetworkSection />
          </SettingsSection>
          <SettingsSection id="settings-local-api">
            <ApiServerSection />
          </SettingsSection>
          <SettingsSection id="settings-data">
            <DataSection />
            <HistorySection />
          </SettingsSection>
          <SettingsSection id="settings-audit">
            <AuditSettingsSection databasePath={databasePath} onOpenAudit={onOpenAudit} />
          </SettingsSection>
        </div>
      </div>
    </div>
  );
}

/** One section of Settings: its heading (where the navigation moves focus), a line on what it holds, then its parts. */
function SettingsSection({ id, children }: { id: SectionId; children: ReactNode }) {
  const section = sections.find((candidate) => candidate.id === id);
  if (!section) throw new Error(`No settings section ${id}`);
  return (
    <section id={id} className="settings-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} tabIndex={-1} data-section-heading>
        {section.label}
      </h2>
      <p className="muted settings-section-summary">{section.summary}</p>
      {children}
    </section>
  );
}
