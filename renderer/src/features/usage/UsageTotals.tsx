import type { PriceEntry, UsageReport } from '@shared/remote.js';
import { formatTokenCount } from '../../lib/format.js';
import { formatCost } from './moneyAndDays.js';

interface UsageTotalsProps {
  report: UsageReport;
  /** False where the policy keeps Enclave offline and nothing was sent: the remote figures would only be zeros. */
  showRemote: boolean;
  prices: PriceEntry[];
  comparisonModel: string;
  onComparisonChange: (model: string) => void;
}

/**
 * The period in four figures: spend on remote models, their tokens, the tokens written here, and
 * what those local tokens would have cost on a hosted model the user picks from the price table.
 */
export function UsageTotals({ report, showRemote, prices, comparisonModel, onComparisonChange }: UsageTotalsProps) {
  const { totals } = report;
  return (
    <div className="usage-totals">
      <dl className="usage-figures">
        {showRemote && (
          <>
            <div className="usage-figure">
              <dt>Remote spend</dt>
              <dd>{formatCost(totals.remoteCost)}</dd>
            </div>
            <div className="usage-figure">
              <dt>Remote tokens</dt>
              <dd>{formatTokenCount(totals.remoteTokens)}</dd>
            </div>
          </>
        )}
        <div className="usage-figure">
          <dt>Local tokens</dt>
          <dd>{formatTokenCount(totals.localTokens)}</dd>
        </div>
        <div className="usage-figure usage-figure-saved">
          <dt>Local tokens at {report.comparisonModel ?? comparisonModel} prices</dt>
          <dd>{report.comparisonModel ? formatCost(totals.localEquivalentCost) : 'No price'}</dd>
        </div>
      </dl>
      <div className="setting-field usage-comparison">
        <label htmlFor="usage-comparison-model">Compare local use with</label>
        <select
          className="text-input"
          id="usage-comparison-model"
          value={comparisonModel}
          onChange={(event) => onComparisonChange(event.target.value)}
        >
          {prices.map((price) => (
            <option key={price.model} value={price.model}>
              {price.model}
            </option>
          ))}
          {!prices.some((price) => price.model === comparisonModel) && <option value={comparisonModel}>{comparisonModel}</option>}
        </select>
      </div>
    </div>
  );
}
