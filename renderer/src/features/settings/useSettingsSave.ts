import { useState } from 'react';
import type { ChannelInput } from '@shared/contract.js';
import type { AppSettings } from '@shared/domain.js';
import type { AppError } from '@shared/errors.js';
import { enclave, settle } from '../../lib/api.js';

/**
 * Where a settings section stands: as saved (`clean`), edited and not saved (`dirty`), being saved,
 * or just saved (until the next edit).
 *
 * Settings save per section, with an explicit Save, rather than on every keystroke: a new embedding
 * model re-indexes every document and a new memory budget changes which models load, so a half-typed
 * value must never take effect; and a section that says "Unsaved changes" next to its own button tells
 * the user exactly what a click will change. Every settings form in the view works this way.
 */
export type SaveStatus = 'clean' | 'dirty' | 'saving' | 'saved';

export interface SettingsSave<Fields> {
  /** What the form shows, as typed. */
  fields: Fields;
  /** Replaces one field; the section is dirty while its fields differ from the ones last saved. */
  change: <Field extends keyof Fields>(field: Field, value: Fields[Field]) => void;
  status: SaveStatus;
  /** Why the last save failed; cleared by the next one that succeeds. */
  error: AppError | null;
  /** Sends only the settings given; `onSaved` gets all of them as core stored them. */
  save: (settings: ChannelInput<'settings.update'>) => Promise<void>;
}

/**
 * The state and save step shared by the settings forms: the fields, whether they differ from what is
 * saved, one `settings.update`, its progress and its outcome.
 */
export function useSettingsSave<Fields extends object>(initial: () => Fields, onSaved: (settings: AppSettings) => void): SettingsSave<Fields> {
  const [fields, setFields] = useState(initial);
  const [saved, setSaved] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [justSaved, setJustSaved] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const dirty = !sameFields(fields, saved);

  function change<Field extends keyof Fields>(field: Field, value: Fields[Field]) {
    setFields((current) => ({ ...current, [field]: value }));
    setJustSaved(false);
  }

  async function save(settings: ChannelInput<'settings.update'>) {
    const sent = fields;
    setSaving(true);
    const result = await settle(() => enclave().settings.update(settings));
    setSaving(false);
    setError(result.ok ? null : result.error);
    if (!result.ok) return;
    setSaved(sent);
    setJustSaved(true);
    onSaved(result.value);
  }

  const status: SaveStatus = saving ? 'saving' : dirty ? 'dirty' : justSaved ? 'saved' : 'clean';
  return { fields, change, status, error, save };
}

/** Fields are strings and arrays of strings: comparing their JSON is exact. */
function sameFields(left: object, right: object): boolean {
  return JSON.stringify(left) === JSON.stringify(right);
}
