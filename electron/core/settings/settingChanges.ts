import type { AuditDetails } from '../../shared/audit.js';
import type { AuditTrail } from '../audit/auditTrail.js';

/** Settings as the trail may show them: numbers, words, flags or null; no setting of this kind is a secret. */
export type PlainSettings = Readonly<Record<string, string | number | boolean | null>>;

/**
 * Records one `settings.changed` entry per setting whose value differs, with its old and new value;
 * `scope` says whose settings they are (a model's, an adapter's), nothing for the app's. Call it in the
 * transaction that saves them.
 */
export function recordSettingChanges(audit: AuditTrail, before: PlainSettings, after: PlainSettings, scope: AuditDetails = {}): number {
  let changed = 0;
  for (const [setting, value] of Object.entries(after)) {
    const previous = before[setting] ?? null;
    if (previous === value) continue;
    audit.record('settings.changed', { ...scope, setting, from: previous, to: value });
    changed++;
  }
  return changed;
}
