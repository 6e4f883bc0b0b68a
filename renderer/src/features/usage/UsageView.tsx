import { useState } from 'react';
import type { AppError } from '@shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave, settle } from '../../lib/api.js';
import { saveTextFile } from '../../lib/download.js';
import { readPreference, writePreference } from '../../lib/storage.js';
import { useRemote } from '../remote/RemoteProvider.js';
import { remoteOffReason } from '../remote/remoteOff.js';
import { PriceTable } from './PriceTable.js';
import { RequestRecord } from './RequestRecord.js';
import { UsageChart } from './UsageChart.js';
import { UsageTable } from './UsageTable.js';
import { UsageTotals } from './UsageTotals.js';
import { useUsage } from './useUsage.js';
import '../../components/column-view.css';
import '../../components/data-table.css';
import '../../components/forms.css';
import './usage.css';

const periods = [
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
  { days: null, label: 'All time' },
] as const;
type PeriodDays = (typeof periods)[number]['days'];

const comparisonKey = 'enclave.usageComparisonModel';
const defaultComparison = 'gpt-4o';

/** Midnight (local time) at the start of the period's first day, as the report's days are local days. */
function startOf(days: PeriodDays): number | null {
  if (days === null) return null;
  const start = new Date();
  start.setHours(0, 0, 0, 0);
  start.setDate(start.getDate() - (days - 1));
  return start.getTime();
}

/**
 * Usage and cost: tokens over time by provider, what remote models cost and what local use would
 * have cost on a hosted model, the numbers per day and model, the price table, the record of every
 * remote request, and the report as CSV. Where the machine policy keeps Enclave offline, one line
 * says so in place of the remote spend, the request record and the price table (unless the period
 * holds remote use from before the policy changed: that history stays shown).
 */
export function UsageView() {
  const [period, setPeriod] = useState<{ days: PeriodDays; since: number | null }>(() => ({ days: 30, since: startOf(30) }));
  const [comparison, setComparison] = useState(() => readPreference(comparisonKey) ?? defaultComparison);
  const usage = useUsage(period.since, comparison);
  const [exportError, setExportError] = useState<AppError | null>(null);
  const { report, requests, prices } = usage;
  const policy = useRemote()?.policy ?? null;
  const offReason = policy ? remoteOffReason(policy) : null;
  const remoteHistory = (report?.totals.remoteTokens ?? 0) > 0 || (requests?.length ?? 0) > 0;
  const showRemote = offReason === null || remoteHistory;

  async function exportCsv() {
    const result = await settle(() => enclave().usage.csv({ since: period.since }));
    setExportError(result.ok ? null : result.error);
    if (result.ok) saveTextFile(`enclave-usage-${new Date().toISOString().slice(0, 10)}.csv`, 'text/csv', result.value.csv);
  }

  return (
    <div className="column-view usage-view">
      <header className="view-header usage-header">
        <h1>Usage</h1>
        <div className="usage-controls">
          <label className="usage-period">
            <span className="visually-hidden">Period</span>
            <select
              className="text-input"
              value={String(period.days)}
              onChange={(event) => {
                const days = periods.find((option) => String(option.days) === event.target.value)?.days ?? null;
                setPeriod({ days, since: startOf(days) });
              }}
            >
              {periods.map((option) => (
                <option key={option.label} value={String(option.days)}>
                  {option.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button" onClick={() => void exportCsv()} disabled={!report}>
            Export CSV
          </button>
        </div>
      </header>
      <div className="column-body">
        {usage.error && <InlineAlert error={usage.error} prefix="Could not read the usage" />}
        {exportError && <InlineAlert error={exportError} prefix="Could not export the usage" onDismiss={() => setExportError(null)} />}
        {!report && !usage.error && (
          <p role="status" className="muted">
            Adding up the usage…
          </p>
        )}
        {report && prices && (
          <section className="column-section" aria-labelledby="usage-totals-title">
            <h2 id="usage-totals-title">Totals</h2>
            {offReason !== null && (
              <p className="usage-offline muted" data-network-mode="offline">
                Remote endpoints are off: {offReason},{' '}
                {remoteHistory
                  ? 'so the remote use below is from before; nothing more goes out.'
                  : 'so every reply was written on this computer and nothing was spent on remote models.'}
              </p>
            )}
            <UsageTotals
              showRemote={showRemote}
              report={report}
              prices={prices}
              comparisonModel={comparison}
              onComparisonChange={(model) => {
                setComparison(model);
                writePreference(comparisonKey, model);
              }}
            />
          </section>
        )}
        {report && (
          <section className="column-section" aria-labelledby="usage-chart-title">
            <h2 id="usage-chart-title">Tokens per day</h2>
            {report.rows.length === 0 ? (
              <p className="muted">No replies were written in this period.</p>
            ) : (
              <>
                <UsageChart rows={report.rows} />
                <h3 className="usage-subheading">Per day and model</h3>
                <UsageTable rows={report.rows} comparisonModel={report.comparisonModel} />
              </>
            )}
          </section>
        )}
        {requests && showRemote && (
          <section className="column-section" aria-labelledby="usage-requests-title">
            <h2 id="usage-requests-title">Remote requests</h2>
            <p className="muted">Every request sent to a remote endpoint, recorded on this computer: counts only, never the text.</p>
            <RequestRecord requests={requests} />
          </section>
        )}
        {prices && showRemote && (
          <section className="column-section" aria-labelledby="usage-prices-title">
            <h2 id="usage-prices-title">Prices</h2>
            <p className="muted">US dollars per million tokens. Edit them to match your contract; costs above follow at once.</p>
            <PriceTable prices={prices} onSave={usage.setPrice} />
          </section>
        )}
      </div>
    </div>
  );
}
