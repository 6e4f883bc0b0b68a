import { type FormEvent, useState } from 'react';
import type { AppSettings } from '../../../../electron/shared/domain.js';
import type { AppError } from '../../../../electron/shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave, settle } from '../../lib/api.js';

type Fields = Record<'maxResidentModels' | 'idleUnloadMinutes' | 'memoryBudgetMb', string>;

const fieldInfo: Array<{ key: keyof Fields; label: string; hint: string; min: number; max: number; optional?: boolean }> = [
  { key: 'maxResidentModels', label: 'Models kept loaded at once', hint: 'Beyond this, the least recently used model is unloaded.', min: 1, max: 8 },
  { key: 'idleUnloadMinutes', label: 'Unload after idle minutes', hint: '0 keeps models loaded until you quit.', min: 0, max: 1440 },
  {
    key: 'memoryBudgetMb',
    label: 'Memory budget (MB)',
    hint: 'Empty: whatever RAM the system reports free. Models that need more are refused.',
    min: 1,
    max: 16 * 1024 * 1024,
    optional: true,
  },
];

function toFields(settings: AppSettings): Fields {
  return {
    maxResidentModels: String(settings.maxResidentModels),
    idleUnloadMinutes: String(settings.idleUnloadMinutes),
    memoryBudgetMb: settings.memoryBudgetMb === null ? '' : String(settings.memoryBudgetMb),
  };
}

/** Reads the fields into settings, or the first field's problem in plain words. */
type RuntimeSettings = Pick<AppSettings, 'maxResidentModels' | 'idleUnloadMinutes' | 'memoryBudgetMb'>;

function parse(fields: Fields): { settings: RuntimeSettings } | { field: keyof Fields; message: string } {
  const values: Partial<Record<keyof Fields, number | null>> = {};
  for (const info of fieldInfo) {
    const text = fields[info.key].trim();
    if (text === '' && info.optional) values[info.key] = null;
    else if (!/^\d+$/.test(text) || Number(text) < info.min || Number(text) > info.max) {
      return { field: info.key, message: `${info.label}: enter a whole number from ${info.min} to ${info.max}.` };
    } else values[info.key] = Number(text);
  }
  return {
    settings: {
      maxResidentModels: values.maxResidentModels ?? 1,
      idleUnloadMinutes: values.idleUnloadMinutes ?? 0,
      memoryBudgetMb: values.memoryBudgetMb ?? null,
    },
  };
}

/** How many models stay in memory, for how long, and how much memory they may take. Mount once settings are read. */
export function RuntimeSettingsForm({ initial, onSaved }: { initial: AppSettings; onSaved(settings: AppSettings): void }) {
  const [fields, setFields] = useState(() => toFields(initial));
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [error, setError] = useState<AppError | null>(null);
  const parsed = parse(fields);

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!('settings' in parsed)) return;
    setStatus('saving');
    const result = await settle(() => enclave().settings.update(parsed.settings));
    setStatus(result.ok ? 'saved' : 'idle');
    setError(result.ok ? null : result.error);
    if (result.ok) onSaved(result.value);
  }

  return (
    <form className="settings-form" aria-label="Runtime settings" onSubmit={(event) => void save(event)} noValidate>
      <div className="settings-grid settings-grid-wide">
        {fieldInfo.map((info) => (
          <div key={info.key} className="setting-field">
            <label htmlFor={`runtime-${info.key}`}>{info.label}</label>
            <input
              id={`runtime-${info.key}`}
              type="text"
              inputMode="numeric"
              placeholder={info.optional ? 'Auto' : undefined}
              value={fields[info.key]}
              aria-invalid={'field' in parsed && parsed.field === info.key ? true : undefined}
              aria-describedby={`runtime-${info.key}-hint`}
              onChange={(event) => {
                setFields({ ...fields, [info.key]: event.target.value });
                setStatus('idle');
              }}
            />
            <p id={`runtime-${info.key}-hint`} className={'field' in parsed && parsed.field === info.key ? 'field-error' : 'field-hint'}>
              {'field' in parsed && parsed.field === info.key ? parsed.message : info.hint}
            </p>
          </div>
        ))}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={!('settings' in parsed) || status === 'saving'}>
          {status === 'saving' ? 'Saving…' : 'Save runtime settings'}
        </button>
        <span role="status" className="muted">
          {status === 'saved' ? 'Saved.' : ''}
        </span>
      </div>
      {error && <InlineAlert error={error} prefix="Could not save the runtime settings" />}
    </form>
  );
}
