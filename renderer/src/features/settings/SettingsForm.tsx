import type { ReactNode, SubmitEvent } from 'react';
import type { ChannelInput } from '@shared/contract.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import type { SaveStatus, SettingsSave } from './useSettingsSave.js';

interface SettingsFormProps {
  /** The form's accessible name, "Runtime settings"; its button and error say it in lower case. */
  label: string;
  /** What a save sends, or null while a field cannot be read (the button is disabled). */
  settings: ChannelInput<'settings.update'> | null;
  save: Pick<SettingsSave<object>, 'status' | 'error' | 'save'>;
  /** The fields, laid out in the settings grid. */
  children: ReactNode;
}

const statusWords: Record<SaveStatus, string> = {
  clean: '',
  dirty: 'Unsaved changes',
  saving: '',
  saved: 'Saved.',
};

/**
 * A settings section's form: its fields, its own Save button, and beside it where the section stands
 * ("Unsaved changes", "Saved.") and the error of a save that failed. See useSettingsSave for why
 * settings save per section.
 */
export function SettingsForm({ label, settings, save, children }: SettingsFormProps) {
  const subject = label.toLowerCase();

  function submit(event: SubmitEvent) {
    event.preventDefault();
    if (settings) void save.save(settings);
  }

  return (
    <form className="settings-form" aria-label={label} onSubmit={submit} noValidate data-save-status={save.status}>
      <div className="settings-grid settings-grid-wide">{children}</div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!settings || save.status === 'saving'}>
          {save.status === 'saving' ? 'Saving…' : `Save ${subject}`}
        </button>
        <span role="status" className={save.status === 'dirty' ? 'save-status save-status-dirty' : 'save-status muted'}>
          {statusWords[save.status]}
        </span>
      </div>
      {save.error && <InlineAlert error={save.error} prefix={`Could not save the ${subject}`} />}
    </form>
  );
}
