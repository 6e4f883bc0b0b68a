import { type AuditEventGroup, auditEventGroups } from '@shared/audit.js';
import { auditGroupLabels } from './auditLabels.js';

export interface AuditFilterValues {
  /** A group of event types; '' for every event. */
  group: AuditEventGroup | '';
  /** Local days as a date input gives them (`2026-03-09`); '' for no bound. */
  fromDay: string;
  toDay: string;
}

export const noAuditFilter: AuditFilterValues = { group: '', fromDay: '', toDay: '' };

interface AuditFiltersProps {
  values: AuditFilterValues;
  onChange: (values: AuditFilterValues) => void;
  /** Why the dates cannot be used (the "to" day before the "from" day); null when they can. */
  problem: string | null;
}

/** Which entries the list (and an export) covers: a kind of event, and the days they were written. */
export function AuditFilters({ values, onChange, problem }: AuditFiltersProps) {
  const filtered = values.group !== '' || values.fromDay !== '' || values.toDay !== '';
  return (
    <div className="audit-filters" role="group" aria-label="Filter entries">
      <label className="audit-filter">
        <span>Events</span>
        <select
          className="text-input"
          value={values.group}
          onChange={(event) => onChange({ ...values, group: toGroup(event.target.value) })}
        >
          <option value="">All events</option>
          {auditEventGroups.map((group) => (
            <option key={group} value={group}>
              {auditGroupLabels[group]}
            </option>
          ))}
        </select>
      </label>
      <DayField label="From" day={values.fromDay} problem={problem} onChange={(fromDay) => onChange({ ...values, fromDay })} />
      <DayField label="To" day={values.toDay} problem={problem} onChange={(toDay) => onChange({ ...values, toDay })} />
      {filtered && (
        <button type="button" className="button button-quiet audit-filter-clear" onClick={() => onChange(noAuditFilter)}>
          Clear filters
        </button>
      )}
      {problem && (
        <p id="audit-filter-problem" className="field-error audit-filter-problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

/** One bound of the days: a date input that points at the problem with the range when there is one. */
function DayField({ label, day, problem, onChange }: { label: string; day: string; problem: string | null; onChange: (day: string) => void }) {
  return (
    <label className="audit-filter">
      <span>{label}</span>
      <input
        className="text-input"
        type="date"
        value={day}
        aria-invalid={problem !== null}
        aria-describedby={problem ? 'audit-filter-problem' : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}

/** The select's value as a group: only one the list offers, so nothing else reaches the request. */
function toGroup(value: string): AuditEventGroup | '' {
  return auditEventGroups.find((group) => group === value) ?? '';
}
