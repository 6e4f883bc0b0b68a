import type { PresetImportReport as Report } from '@shared/presetDefinitions.js';
import { ImportReport } from '../../components/ImportReport.js';
import { formatCount } from '../../lib/format.js';

/** What an imported preset file brought: imported, skipped (name taken), and entries that were not valid, with why. */
export function PresetImportReport({ fileName, report, onDismiss }: { fileName: string; report: Report; onDismiss: () => void }) {
  const imported =
    report.imported.length > 0 ? `imported ${formatCount(report.imported.length, 'assistant')} (${report.imported.join(', ')})` : 'nothing imported';
  const skipped =
    report.skipped.length > 0 ? `; ${formatCount(report.skipped.length, 'name')} already here, left as they are (${report.skipped.join(', ')})` : '';
  return <ImportReport fileName={fileName} summary={imported + skipped} entryLabel="Entry" refused={report.invalid} onDismiss={onDismiss} />;
}
