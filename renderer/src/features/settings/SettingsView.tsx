import { useState } from 'react';
import type { AppSettings } from '../../../../electron/shared/domain.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave } from '../../lib/api.js';
import { HardwareSection } from './HardwareSection.js';
import { RecommendationsSection } from './RecommendationsSection.js';
import { RuntimeSettingsForm } from './RuntimeSettingsForm.js';
import { useLoaded } from './useLoaded.js';
import '../../components/forms.css';
import './settings.css';

const loadSettings = () => enclave().settings.get();

/** This machine, how models run on it, and which models suit it. */
export function SettingsView({ onRuntimeSaved }: { onRuntimeSaved(settings: AppSettings): void }) {
  const settings = useLoaded<AppSettings>(loadSettings);
  // A new memory budget changes what fits: the recommendations are worked out again.
  const [revision, setRevision] = useState(0);
  return (
    <div className="settings-view">
      <header className="view-header">
        <h1>Settings</h1>
      </header>
      <div className="settings-body">
        <HardwareSection />
        <section className="settings-section" aria-labelledby="runtime-title">
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
        <RecommendationsSection key={revision} />
      </div>
    </div>
  );
}
