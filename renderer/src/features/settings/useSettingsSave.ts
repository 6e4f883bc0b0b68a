import { useState } from 'react';
import type { ChannelInput } from '@shared/contract.js';
import type { AppSettings } from '@shared/domain.js';
import type { AppError } from '@shared/errors.js';
import { enclave, settle } from '../../lib/api.js';

export type SaveStatus = 'idle' | 'saving' | 'saved';

export interface SettingsSave {
  status: SaveStatus;
  /** Why the last save failed; cleared by the next one that succeeds. */
  error: AppError | null;
  /** Call on every edit: "Saved." no longer describes what the form shows. */
  edited: () => void;
  /** Sends only the settings given; `onSaved` gets all of them as core stored them. */
  save: (settings: ChannelInput<'settings.update'>) => Promise<void>;
}

/** The save step shared by the settings forms: one `settings.update`, its progress, and its outcome. */
export function useSettingsSave(onSaved: (settings: AppSettings) => void): SettingsSave {
  const [status, setStatus] = useState<SaveStatus>('idle');
  const [error, setError] = useState<AppError | null>(null);

  async function save(settings: ChannelInput<'settings.update'>) {
    setStatus('saving');
    const result = await settle(() => enclave().settings.update(settings));
    setStatus(result.ok ? 'saved' : 'idle');
    setError(result.ok ? null : result.error);
    if (result.ok) onSaved(result.value);
  }

  return { status, error, edited: () => setStatus('idle'), save };
}
