import type { Database } from 'better-sqlite3';
import type { PriceEntry, UsageReport, UsageRow } from '../../shared/remote.js';
import { EnclaveError } from '../errors.js';

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
  const edited = db.prepare('SELECT model, input_per_million, output_per_million FROM prices').all() as {
    model: string;
    input_per_million: number;
    output_per_million: number;
  }[];
  const byModel = new Map<string, PriceEntry>(defaultPrices.map((price) => [price.model, { ...price, isDefault: true }]));
  for (const row of edited) {
    byModel.set(row.model, { model: row.model, inputPerMillion: row.input_per_million, outputPerMillion: row.output_per_million, isDefault: false });
  }
  return [...byModel.values()].sort((a, b) => a.model.localeCompare(b.model));
}

export function setPrice(db: Database, price: Omit<PriceEntry, 'isDefault'>, now = Date.now()): PriceEntry[] {
  if (!price.model.trim()) throw new EnclaveError('invalid-request', 'A price needs the model name.');
  db.prepare(
    `INSERT INTO prices (model, input_per_million, output_per_million, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (model) DO UPDATE SET input_per_million = excluded.input_per_million,
       output_per_million = excluded.output_per_million, updated_at = excluded.updated_at`,
  ).run(price.model.trim(), price.inputPerMillion, price.outputPerMillion, now);
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

interface UsageAggregate {
  day: string;
  provider: 'local' | 'remote';
  model: string;
  endpoint_name: string | null;
  messages: number;
  tokens_in: number;
  tokens_out: number;
}

/**
 * Tokens in and out per day, provider and model, from every reply written (the messages table is the
 * one source: local and remote alike), with the spend on remote models and what the local tokens
 * would have cost on `comparisonModel`.
 */
export function usageReport(db: Database, options: { since?: number | null; comparisonModel?: string | null } = {}): UsageReport {
  const since = options.since ?? null;
  const rows = db
    .prepare(
      `SELECT date(created_at / 1000, 'unixepoch', 'localtime') AS day, provider,
              COALESCE(model_name, 'unknown') AS model, endpoint_name,
              COUNT(*) AS messages, COALESCE(SUM(tokens_in), 0) AS tokens_in, COALESCE(SUM(tokens_out), 0) AS tokens_out
       FROM messages
       WHERE role = 'assistant' AND status != 'streaming' AND created_at >= ? AND (tokens_in IS NOT NULL OR tokens_out IS NOT NULL)
       GROUP BY day, provider, model, endpoint_name
       ORDER BY day, provider, model`,
    )
    .all(since ?? 0) as UsageAggregate[];
  const prices = listPrices(db);
  const comparisonModel = options.comparisonModel ?? 'gpt-4o';
  const comparison = priceFor(prices, comparisonModel);
  const totals = { remoteCost: 0, localEquivalentCost: 0, remoteTokens: 0, localTokens: 0 };
  const usage: UsageRow[] = rows.map((row) => {
    const tokens = row.tokens_in + row.tokens_out;
    const priced = row.provider === 'remote' ? cost(priceFor(prices, row.model), row.tokens_in, row.tokens_out) : cost(comparison, row.tokens_in, row.tokens_out);
    if (row.provider === 'remote') {
      totals.remoteTokens += tokens;
      totals.remoteCost += priced ?? 0;
    } else {
      totals.localTokens += tokens;
      totals.localEquivalentCost += priced ?? 0;
    }
    return {
      day: row.day,
      provider: row.provider,
      model: row.model,
      endpointName: row.endpoint_name,
      messages: row.messages,
      tokensIn: row.tokens_in,
      tokensOut: row.tokens_out,
      cost: priced,
    };
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
