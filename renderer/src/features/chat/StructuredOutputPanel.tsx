import { useId, useState } from 'react';
import { JsonFileButton } from '../../components/JsonFileButton.js';
import { readTextFile } from '../../lib/readTextFile.js';
import { checkSchemaText } from './structuredSchema.js';
import './structured-panel.css';

export interface StructuredOutput {
  /** The mode is on: replies are JSON constrained to the schema. */
  enabled: boolean;
  schemaText: string;
  setEnabled: (enabled: boolean) => void;
  setSchemaText: (text: string) => void;
}

export function useStructuredOutput(): StructuredOutput {
  const [enabled, setEnabled] = useState(false);
  const [schemaText, setSchemaText] = useState('');
  return { enabled, schemaText, setEnabled, setSchemaText };
}

/** The composer's toggle for structured output. */
export function StructuredOutputToggle({ structured, controls }: { structured: StructuredOutput; controls: string }) {
  return (
    <button
      type="button"
      className="button button-quiet"
      aria-pressed={structured.enabled}
      aria-controls={structured.enabled ? controls : undefined}
      onClick={() => structured.setEnabled(!structured.enabled)}
    >
      {'{ }'} JSON<span className="visually-hidden"> structured output</span>
    </button>
  );
}

interface StructuredOutputPanelProps {
  id: string;
  structured: StructuredOutput;
  /** The chat's preset constrains replies to its own schema; a schema here replaces it for a message. */
  presetSchemaName: string | null;
}

/** Above the composer while structured output is on: the JSON Schema replies must follow, pasted or loaded from a file. */
export function StructuredOutputPanel({ id, structured, presetSchemaName }: StructuredOutputPanelProps) {
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const fieldId = useId();
  const problemId = useId();
  const check = structured.schemaText.trim() === '' ? null : checkSchemaText(structured.schemaText);

  async function load(file: File) {
    const read = await readTextFile(file);
    if (read.ok) structured.setSchemaText(read.value);
    setFileProblem(read.ok ? null : read.error.message);
  }

  return (
    <section id={id} className="structured-panel" aria-label="Structured output">
      <div className="structured-panel-head">
        <label htmlFor={fieldId} className="structured-panel-label">
          JSON Schema for the reply
        </label>
        <JsonFileButton
          className="button button-small"
          accept=".json,application/json,application/schema+json"
          onPick={(file) => void load(file)}
        >
          Load from file…
        </JsonFileButton>
      </div>
      <textarea
        id={fieldId}
        className="structured-panel-input"
        rows={5}
        spellCheck={false}
        placeholder={'{"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}'}
        value={structured.schemaText}
        aria-invalid={check?.ok === false || undefined}
        aria-describedby={problemId}
        onChange={(event) => structured.setSchemaText(event.target.value)}
      />
      <p id={problemId} className={check?.ok === false || fileProblem ? 'field-error' : 'field-hint'}>
        {fileProblem ??
          (check === null
            ? presetSchemaName
              ? `Without a schema here, replies follow the schema of “${presetSchemaName}”.`
              : 'The local model’s reply is held to this schema and shown as a table.'
            : check.ok
              ? 'The reply will be JSON matching this schema, shown as a table.'
              : check.problem)}
      </p>
    </section>
  );
}
