import type { AppSettings } from '@shared/domain.js';
import { NumberField } from './NumberField.js';
import { SettingsForm } from './SettingsForm.js';
import { useSettingsSave } from './useSettingsSave.js';

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
export function RuntimeSettingsForm({ initial, onSaved }: { initial: AppSettings; onSaved: (settings: AppSettings) => void }) {
  const saving = useSettingsSave(() => toFields(initial), onSaved);
  const parsed = parse(saving.fields);

  return (
    <SettingsForm label="Runtime settings" settings={'settings' in parsed ? parsed.settings : null} save={saving}>
      {fieldInfo.map((info) => (
        <NumberField
          key={info.key}
          id={`runtime-${info.key}`}
          label={info.label}
          hint={info.hint}
          value={saving.fields[info.key]}
          problem={'field' in parsed && parsed.field === info.key ? parsed.message : null}
          inputMode="numeric"
          placeholder={info.optional ? 'Auto' : undefined}
          onChange={(value) => saving.change(info.key, value)}
        />
      ))}
    </SettingsForm>
  );
}
