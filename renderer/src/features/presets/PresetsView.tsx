import { useState } from 'react';
import type { CollectionInfo } from '@shared/documents.js';
import type { ModelInfo } from '@shared/domain.js';
import type { AppError } from '@shared/errors.js';
import type { PresetImportReport as ImportReport, PresetInfo } from '@shared/presetDefinitions.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { JsonFileButton } from '../../components/JsonFileButton.js';
import { describeError } from '../../lib/api.js';
import { saveTextFile } from '../../lib/download.js';
import { readTextFile } from '../../lib/readTextFile.js';
import { BuiltinPreset } from './BuiltinPreset.js';
import { PresetForm } from './PresetForm.js';
import { PresetImportReport } from './PresetImportReport.js';
import { draftFromPreset, emptyDraft, type PresetDraft } from './presetDraft.js';
import type { Presets } from './usePresets.js';
import '../../components/forms.css';
import './presets.css';

interface PresetsViewProps {
  presets: Presets;
  models: ModelInfo[];
  collections: CollectionInfo[];
}

/** What the right side shows: a preset, or a new one being written (blank or a copy). */
type Editing = { kind: 'preset'; presetId: string } | { kind: 'new'; draft: PresetDraft; revision: number };

/**
 * Assistants (presets): the built-ins and the user's own, each a name, a system prompt, sampling,
 * defaults and an optional JSON schema. Import and export as a JSON file IT can hand out.
 */
export function PresetsView({ presets, models, collections }: PresetsViewProps) {
  const all = presets.all ?? [];
  const [editing, setEditing] = useState<Editing | null>(null);
  const [problem, setProblem] = useState<{ prefix: string; error: AppError } | null>(null);
  const [imported, setImported] = useState<{ fileName: string; report: ImportReport } | null>(null);
  const [deleting, setDeleting] = useState<PresetInfo | null>(null);
  const shown = editing?.kind === 'new' ? null : (all.find((preset) => preset.id === (editing?.presetId ?? '')) ?? all[0] ?? null);
  const builtins = all.filter((preset) => preset.builtin);
  const own = all.filter((preset) => !preset.builtin);

  function startNew(draft: PresetDraft) {
    setEditing({ kind: 'new', draft, revision: Date.now() });
  }

  async function download(presetIds?: string[]) {
    const result = await presets.exportFile(presetIds);
    if (result.ok) saveTextFile(result.value.fileName, 'application/json', result.value.content);
    setProblem(result.ok ? null : { prefix: 'Could not export', error: result.error });
  }

  async function importFile(file: File) {
    const content = await readTextFile(file);
    if (!content.ok) {
      setProblem({ prefix: 'Could not import', error: content.error });
      return;
    }
    const result = await presets.importFile(content.value);
    setImported(result.ok ? { fileName: file.name, report: result.value } : null);
    setProblem(result.ok ? null : { prefix: `Could not import ${file.name}`, error: result.error });
  }

  const list = (label: string, items: PresetInfo[]) =>
    items.length > 0 && (
      <>
        <h2 className="preset-list-heading">{label}</h2>
        <ul className="preset-list" aria-label={label}>
          {items.map((preset) => (
            <li key={preset.id}>
              <button
                type="button"
                className="list-button preset-list-item"
                aria-current={shown?.id === preset.id ? 'true' : undefined}
                onClick={() => setEditing({ kind: 'preset', presetId: preset.id })}
              >
                <span className="preset-list-name">{preset.name}</span>
                {preset.description && <span className="preset-list-description">{preset.description}</span>}
              </button>
            </li>
          ))}
        </ul>
      </>
    );

  return (
    <div className="presets-view">
      <header className="view-header">
        <h1>Assistants</h1>
        <div className="button-row">
          <button type="button" className="button button-primary" onClick={() => startNew(emptyDraft)}>
            New assistant
          </button>
          <JsonFileButton onPick={(file) => void importFile(file)}>Import…</JsonFileButton>
          <button type="button" className="button" disabled={own.length === 0} onClick={() => void download()}>
            Export yours
          </button>
        </div>
      </header>
      <div className="presets-notices">
        {presets.error && <InlineAlert error={presets.error} prefix="Could not list the assistants" />}
        {problem && <InlineAlert error={problem.error} prefix={problem.prefix} onDismiss={() => setProblem(null)} />}
        {imported && <PresetImportReport fileName={imported.fileName} report={imported.report} onDismiss={() => setImported(null)} />}
      </div>
      <div className="presets-body">
        <nav className="presets-column" aria-label="Assistants">
          {list('Built-in', builtins)}
          {list('Yours', own)}
          {presets.all && own.length === 0 && <p className="muted preset-empty">Yours will be listed here. Start from a built-in with Duplicate to edit, or with New assistant.</p>}
        </nav>
        <div className="presets-detail">
          {editing?.kind === 'new' ? (
            <>
              <h2 className="preset-detail-title">New assistant</h2>
              <PresetForm
                key={editing.revision}
                initial={editing.draft}
                models={models}
                collections={collections}
                submitLabel="Create assistant"
                onSubmit={async (preset) => {
                  const result = await presets.save(undefined, preset);
                  if (!result.ok) return describeError(result.error);
                  setEditing({ kind: 'preset', presetId: result.value.id });
                  return null;
                }}
              >
                <button type="button" className="button" onClick={() => setEditing(null)}>
                  Cancel
                </button>
              </PresetForm>
            </>
          ) : shown?.builtin ? (
            <>
              <h2 className="preset-detail-title">
                {shown.name} <span className="badge" data-builtin="true">Built-in</span>
              </h2>
              <p className="muted builtin-note">Ships with Enclave and cannot be changed; duplicate it to make a version of your own.</p>
              <BuiltinPreset preset={shown} models={models}>
                <button type="button" className="button button-primary" onClick={() => startNew(draftFromPreset(shown, `${shown.name} (copy)`))}>
                  Duplicate to edit
                </button>
                <button type="button" className="button" onClick={() => void download([shown.id])}>
                  Export
                </button>
              </BuiltinPreset>
            </>
          ) : shown ? (
            <>
              <h2 className="preset-detail-title">{shown.name}</h2>
              <PresetForm
                key={`${shown.id}-${shown.updatedAt}`}
                initial={draftFromPreset(shown)}
                models={models}
                collections={collections}
                submitLabel="Save changes"
                onSubmit={async (preset) => {
                  const result = await presets.save(shown.id, preset);
                  return result.ok ? null : describeError(result.error);
                }}
              >
                <button type="button" className="button" onClick={() => startNew(draftFromPreset(shown, `${shown.name} (copy)`))}>
                  Duplicate
                </button>
                <button type="button" className="button" onClick={() => void download([shown.id])}>
                  Export
                </button>
                <button type="button" className="button button-danger-quiet" onClick={() => setDeleting(shown)}>
                  Delete…
                </button>
              </PresetForm>
            </>
          ) : (
            presets.all && <p className="muted">No assistants yet.</p>
          )}
        </div>
      </div>
      <ConfirmDialog
        open={deleting !== null}
        onOpenChange={(open) => !open && setDeleting(null)}
        title="Delete this assistant?"
        description={`“${deleting?.name ?? ''}” will be removed. Chats that use it keep their messages and go on without it.`}
        confirmLabel="Delete assistant"
        busyLabel="Deleting…"
        errorPrefix="Could not delete the assistant"
        onConfirm={async () => {
          // The dialog is open only while `deleting` names an assistant.
          if (!deleting) throw new Error('No assistant is being deleted.');
          const result = await presets.remove(deleting.id);
          if (result.ok) setEditing(null);
          return result;
        }}
      />
    </div>
  );
}
