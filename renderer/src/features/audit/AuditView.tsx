import { useState } from 'react';
import { InlineAlert } from '../../components/InlineAlert.js';
import { formatCount } from '../../lib/format.js';
import { AuditExport } from './AuditExport.js';
import { type AuditFilterValues, AuditFilters, noAuditFilter } from './AuditFilters.js';
import { AuditIntegrity } from './AuditIntegrity.js';
import { AuditTable } from './AuditTable.js';
import { dayRange } from './auditText.js';
import { type AuditQuery, useAuditEntries } from './useAuditEntries.js';
import '../../components/column-view.css';
import '../../components/data-table.css';
import '../../components/forms.css';
import './audit.css';

/**
 * The audit trail, read-only: what was done with the data, by whom, in order. Its integrity checked
 * (the result in words) and a signed checkpoint saved; the entries filtered by kind and day, a page at
 * a time; and those entries exported where the user chooses. Nothing here changes an entry.
 */
export function AuditView() {
  const [filters, setFilters] = useState<AuditFilterValues>(noAuditFilter);
  const days = dayRange(filters.fromDay, filters.toDay);
  const query: AuditQuery | null = 'range' in days ? { group: filters.group === '' ? null : filters.group, range: days.range } : null;
  const list = useAuditEntries(query);
  const { entries } = list;

  return (
    <div className="column-view audit-view">
      <header className="view-header">
        <h1>Audit trail</h1>
        <button type="button" className="button" disabled={list.loading} onClick={list.reload}>
          Refresh
        </button>
      </header>
      <div className="column-body">
        <p className="muted audit-intro">
          What was done with the data on this computer, by whom and when: identifiers, hashes and counts, never the text of a chat or
          document. Entries cannot be changed here.
        </p>
        <AuditIntegrity onRecorded={list.reload} />
        <section className="column-section" aria-labelledby="audit-entries-title" aria-busy={list.loading}>
          <h2 id="audit-entries-title">Entries</h2>
          <AuditFilters values={filters} onChange={setFilters} problem={'problem' in days ? days.problem : null} />
          {list.error && <InlineAlert error={list.error} prefix="Could not read the audit trail" />}
          {!entries && !list.error && query && (
            <p role="status" className="muted">
              Reading the audit trail…
            </p>
          )}
          {entries && entries.length === 0 && <p className="muted">No entries match these filters.</p>}
          {entries && entries.length > 0 && (
            <>
              <AuditTable entries={entries} />
              <div className="button-row audit-more">
                <p role="status" className="muted">
                  {list.more ? `The first ${formatCount(entries.length, 'entry', 'entries')} that match, oldest first.` : `${formatCount(entries.length, 'entry', 'entries')}, oldest first.`}
                </p>
                {list.more && (
                  <button type="button" className="button" disabled={list.loading} onClick={list.showMore}>
                    {list.loading ? 'Reading…' : 'Show more'}
                  </button>
                )}
              </div>
            </>
          )}
          <h3 className="audit-subheading">Export</h3>
          <AuditExport query={query} onRecorded={list.reload} />
        </section>
      </div>
    </div>
  );
}
