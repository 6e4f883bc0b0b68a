import { useState } from 'react';
import type { AppSettings, ModelInfo } from '@shared/domain.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave } from '../../lib/api.js';
import { useLiveQuery } from '../../lib/useLiveQuery.js';
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
import '../../components/column-view.css';
import '../../components/forms.css';
import './settings.css';

const loadSettings = () => enclave().settings.get();

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

/** This machine, how models run on it, how documents are searched, which models suit it, the data and its audit trail. */
export function SettingsView({ models, index, onRuntimeSaved, databasePath, onOpenAudit }: SettingsViewProps) {
  const settings = useLiveQuery<AppSettings>(loadSettings);
  // A new memory budget changes what fits: the recommendations are worked out again.
  const [revision, setRevision] = useState(0);
  return (
    <div className="column-view">
      <header className="view-header">
        <h1>Settings</h1>
      </header>
      <div className="column-body">
        <HardwareSection />
        <section className="column-section" aria-labelledby="runtime-title">
          <h2 id="runtime-title">Runtime</h2>
          {settings.error && <InlineAlert error={settings.error} prefix="Could not read the settings" />}
          {settings.value && <RuntimeSettingsForm
              initial={settings.value}
              onSaved={(saved) => {
                setRevision((current) => current + 1);
                onRuntimeSaved(saved);
              }}
            />}
        </section>
        <section className="column-section" aria-labelledby="documents-settings-title">
          <h2 id="documents-settings-title">Documents</h2>
          {settings.value && (
            <DocumentSettingsForm initial={settings.value} models={models} onSaved={() => void index.reload()} />
          )}
          <IndexStatusNote index={index} models={models} />
        </section>
        <NetworkSection />
        <RecommendationsSection key={revision} />
        <DataSection />
        <AuditSettingsSection databasePath={databasePath} onOpenAudit={onOpenAudit} />
        <HistorySection />
      </div>
    </div>
  );
}
