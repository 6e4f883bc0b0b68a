import { useState } from 'react';
import type { AuditExportFormat } from '@shared/audit.js';
import type { AppError } from '@shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave, settle } from '../../lib/api.js';
import type { AuditQuery } from './useAuditEntries.js';
import { exportedText } from './auditText.js';

const formats: Array<{ format: AuditExportFormat; label: string; hint: string }> = [
  { format: 'jsonl', label: 'JSON Lines', hint: 'one JSON object per entry, with its hash and seal, as “enclave audit export” writes it' },
  { format: 'syslog', label: 'Syslog (RFC 5424)', hint: 'one syslog line per entry, with its hash, for a SIEM or log collector' },
];

interface AuditExportProps {
  /** The entries the filters select; null while the filters are not valid. */
  query: AuditQuery | null;
  onRecorded: () => void;
}

/**
 * Writes every entry the filters select (not only those shown) to a file the user picks in a save
 * dialog: core writes it, so the trail never passes through the window. Cancelling does nothing.
 */
export function AuditExport({ query, onRecorded }: AuditExportProps) {
  const [format, setFormat] = useState<AuditExportFormat>('jsonl');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const [problem, setProblem] = useState<AppError | null>(null);

  async function exportEntries() {
    if (!query) return;
    setBusy(true);
    setProblem(null);
    const filter = { ...(query.group === null ? {} : { type: query.group }), ...query.range };
    const result = await settle(() => enclave().audit.exportToFile({ ...filter, format }));
    setBusy(false);
    if (!result.ok) setProblem(result.error);
    else if (result.value) {
      setDone(exportedText(result.value));
      onRecorded();
    }
  }

  return (
    <div className="audit-export">
      <div className="button-row">
        <label className="audit-filter">
          <span>Format</span>
          <select
            className="text-input"
            value={format}
            onChange={(event) => setFormat(formats.find((option) => option.format === event.target.value)?.format ?? 'jsonl')}
          >
            {formats.map((option) => (
              <option key={option.format} value={option.format}>
                {option.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button" disabled={busy || !query} onClick={() => void exportEntries()}>
          {busy ? 'Exporting…' : 'Export…'}
        </button>
      </div>
      <p className="field-hint">
        Every entry the filters select, not only those shown: {formats.find((option) => option.format === format)?.hint}.
      </p>
      {problem && <InlineAlert error={problem} prefix="Nothing was exported" onDismiss={() => setProblem(null)} />}
      <p role="status" className="muted audit-done">
        {done}
      </p>
    </div>
  );
}
