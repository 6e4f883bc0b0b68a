import type { DlpSummary } from '@shared/dlp.js';
import { type DlpAction, dlpActions, dlpDetectorLabels, dlpDetectors } from '@shared/policy.js';
import type { UsageRow } from '@shared/remote.js';
import { detectorNames } from '../remote/remoteTarget.js';

/** 12_345 -> "12.3K" for chart axes, where space is short. */
export function formatCompact(count: number): string {
  return count.toLocaleString('en-US', { notation: 'compact', maximumFractionDigits: 1 });
}

/** Who wrote the replies of a usage row: this computer, or the endpoint by name. */
export function providerLabel(row: Pick<UsageRow, 'provider' | 'endpointName'>): string {
  return row.provider === 'local' ? 'This computer' : (row.endpointName ?? 'Remote');
}

const actionWords: Record<DlpAction, string> = { block: 'blocked', redact: 'redacted', warn: 'confirmed' };

/** "2 e-mail addresses, 1 phone number · 2 redacted, 1 confirmed"; "None" when nothing was found. Counts only. */
export function describeDlpSummary(summary: DlpSummary): string {
  if (summary.total === 0) return 'None';
  const found = dlpDetectors.flatMap((detector) => {
    const count = summary.byDetector[detector] ?? 0;
    if (count === 0) return [];
    return [`${count} ${count === 1 ? detectorNames[detector].toLowerCase() : dlpDetectorLabels[detector]}`];
  });
  const acted = dlpActions.flatMap((action) => {
    const count = summary.byAction[action] ?? 0;
    return count === 0 ? [] : [`${count} ${actionWords[action]}`];
  });
  return `${found.join(', ')} · ${acted.join(', ')}`;
}
