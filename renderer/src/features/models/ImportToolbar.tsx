import type { Imports, ImportMode } from './useImports.js';

const modes: Array<{ value: ImportMode; label: string; hint: string }> = [
  { value: 'copy', label: 'Copy into Enclave’s models folder', hint: 'The original can be moved or deleted afterwards.' },
  { value: 'link', label: 'Use in place', hint: 'Nothing is copied; the file must stay where it is.' },
];

/** The two ways in (files, a folder) and whether Enclave keeps its own copy. */
export function ImportToolbar({ imports }: { imports: Imports }) {
  return (
    <div className="import-toolbar">
      <div className="import-buttons">
        <button type="button" className="button button-primary" disabled={imports.busy} onClick={() => void imports.pick('files')}>
          Import models…
        </button>
        <button type="button" className="button" disabled={imports.busy} onClick={() => void imports.pick('folder')}>
          Import folder…
        </button>
      </div>
      <fieldset className="import-mode">
        <legend className="visually-hidden">How to import</legend>
        {modes.map((mode) => (
          <label key={mode.value} className="radio" title={mode.hint}>
            <input
              type="radio"
              name="import-mode"
              value={mode.value}
              checked={imports.mode === mode.value}
              onChange={() => imports.setMode(mode.value)}
            />
            {mode.label}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
