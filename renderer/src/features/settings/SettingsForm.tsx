import type { ReactNode, SubmitEvent } from 'react';
import type { ChannelInput } from '@shared/contract.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import type { SettingsSave } from './useSettingsSave.js';

interface SettingsFormProps {
  /** The form's accessible name, "Runtime settings"; its button and error say it in lower case. */
  label: string;
  /** What a save sends, or null while a field cannot be read (the button is disabled). */
  settings: ChannelInput<'settings.update'> | null;
  save: SettingsSave;
  /** The fields, laid out in the settings grid. */
  children: ReactNode;
}

/** A settings form: its fields, a save button, a "Saved." status, and the error of a save that failed. */
export function SettingsForm({ label, settings, save, children }: SettingsFormProps) {
  const subject = label.toLowerCase();

  function submit(event: SubmitEvent) {
    event.preventDefault();
    if (settings) void save.save(settings);
  }

  return (
    <form className="settings-form" aria-label={label} onSubmit={submit} noValidate>
      <div className="settings-grid settings-grid-wide">{children}</div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!settings || save.status === 'saving'}>
          {save.status === 'saving' ? 'Saving…' : `Save ${subject}`}
        </button>
        <span role="status" className="muted">
          {save.status === 'saved' ? 'Saved.' : ''}
        </span>
      </div>
      {save.error && <InlineAlert error={save.error} prefix={`Could not save the ${subject}`} />}
    </form>
  );
}
