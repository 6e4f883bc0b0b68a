import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { PriceEntry, UsageReport, UsageRow } from '../../shared/remote.js';
import { EnclaveError } from '../errors.js';
import { listEditedPrices, upsertPrice, usageTotals } from './store/usage.js';

/**
 * List prices in USD per million tokens as published for common hosted models (late 2026). They are
 * defaults only: an organisation edits them to its contract, and an edited price wins.
 */
export const defaultPrices: readonly Omit<PriceEntry, 'isDefault'>[] = [
  { model: 'gpt-5', inputPerMillion: 1.25, outputPerMillion: 10 },
  { model: 'gpt-5-mini', inputPerMillion: 0.25, outputPerMillion: 2 },
  { model: 'gpt-4.1', inputPerMillion: 2, outputPerMillion: 8 },
  { model: 'gpt-4.1-mini', inputPerMillion: 0.4, outputPerMillion: 1.6 },
  { model: 'gpt-4.1-nano', inputPerMillion: 0.1, outputPerMillion: 0.4 },
  { model: 'gpt-4o', inputPerMillion: 2.5, outputPerMillion: 10 },
  { model: 'gpt-4o-mini', inputPerMillion: 0.15, outputPerMillion: 0.6 },
  { model: 'o3', inputPerMillion: 2, outputPerMillion: 8 },
  { model: 'o4-mini', inputPerMillion: 1.1, outputPerMillion: 4.4 },
];

export function listPrices(db: Database): PriceEntry[] {
  const byModel = new Map<string, PriceEntry>(defaultPrices.map((price) => [price.model, { ...price, isDefault: true }]));
  for (const price of listEditedPrices(db)) byModel.set(price.model, price);
  return [...byModel.values()].sort((a, b) => a.model.localeCompare(b.model));
}

export function setPrice(db: Database, price: Omit<PriceEntry, 'isDefault'>, now = Date.now()): PriceEntry[] {
  if (!price.model.trim()) throw new EnclaveError('invalid-request', 'A price needs the model name.');
  upsertPrice(db, { ...price, model: price.model.trim() }, now);
  return listPrices(db);
}

/** The price for a model name: exact, else the longest priced name it starts with ("gpt-4o-2024-08-06" → gpt-4o). */
export function priceFor(prices: readonly PriceEntry[], model: string): PriceEntry | null {
  const exact = prices.find((price) => price.model === model);
  if (exact) return exact;
  const prefixed = prices.filter((price) => model.startsWith(`${price.model}-`)).sort((a, b) => b.model.length - a.model.length);
  return prefixed[0] ?? null;
}

function cost(price: PriceEntry | null, tokensIn: number, tokensOut: number): number | null {
  return price ? (tokensIn * price.inputPerMillion + tokensOut * price.outputPerMillion) / 1_000_000 : null;
}

/**
 * Tokens in and out per day, provider and model, from every reply written (the messages table is the
 * one source: local and remote alike), with the spend on remote models and what the local tokens
 * would have cost on `comparisonModel`.
 */
export function usageReport(db: Database, options: { since?: number | null; comparisonModel?: string | null } = {}): UsageReport {
  const since = options.since ?? null;
  const rows = usageTotals(db, since ?? 0);
  const prices = listPrices(db);
  const comparisonModel = options.comparisonModel ?? 'gpt-4o';
  const comparison = priceFor(prices, comparisonModel);
  const totals = { remoteCost: 0, localEquivalentCost: 0, remoteTokens: 0, localTokens: 0 };
  const usage: UsageRow[] = rows.map((row) => {
    const tokens = row.tokensIn + row.tokensOut;
    const priced = row.provider === 'remote' ? cost(priceFor(prices, row.model), row.tokensIn, row.tokensOut) : cost(comparison, row.tokensIn, row.tokensOut);
    if (row.provider === 'remote') {
      totals.remoteTokens += tokens;
      totals.remoteCost += priced ?? 0;
    } else {
      totals.localTokens += tokens;
      totals.localEquivalentCost += priced ?? 0;
    }
    return { ...row, cost: priced };
  });
  return { since, comparisonModel: comparison ? comparisonModel : null, rows: usage, totals };
}

/** The report as CSV (RFC 4180 quoting), one row per day, provider and model, for spreadsheets. */
export function usageCsv(report: UsageReport): string {
  const header = ['day', 'provider', 'endpoint', 'model', 'messages', 'tokens_in', 'tokens_out', 'cost_usd'];
  const lines = report.rows.map((row) =>
    [row.day, row.provider, row.endpointName ?? '', row.model, row.messages, row.tokensIn, row.tokensOut, row.cost === null ? '' : row.cost.toFixed(6)]
      .map(csvField)
      .join(','),
  );
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

function csvField(value: string | number): string {
  const text = String(value);
  // A leading =, +, - or @ would run as a formula in a spreadsheet: neutralise it.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
