import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { PriceEntry, UsageRow } from '../../../shared/remote.js';
import { type RowOf, rowFields } from '../../db/rows.js';
import { statement } from '../../db/statements.js';

type PriceRow = RowOf<Omit<PriceEntry, 'isDefault'>>;

/** The prices edited here (each one overrides the shipped default for its model). */
export function listEditedPrices(db: Database): PriceEntry[] {
  const rows = statement(db, 'SELECT model, input_per_million, output_per_million FROM prices').all() as PriceRow[];
  return rows.map((row) => ({ ...rowFields(row), isDefault: false }));
}

export function upsertPrice(db: Database, price: Omit<PriceEntry, 'isDefault'>, now: number): void {
  statement(
    db,
    `INSERT INTO prices (model, input_per_million, output_per_million, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (model) DO UPDATE SET input_per_million = excluded.input_per_million,
       output_per_million = excluded.output_per_million, updated_at = excluded.updated_at`,
  ).run(price.model, price.inputPerMillion, price.outputPerMillion, now);
}

/** Replies' tokens per day, provider and model, without their cost. */
export type UsageTotals = Omit<UsageRow, 'cost'>;

/**
 * Tokens in and out per local day, provider and model, from every reply written since `since` (the
 * messages table is the one source: local and remote alike), oldest day first.
 */
export function usageTotals(db: Database, since: number): UsageTotals[] {
  const rows = statement(
    db,
    `SELECT date(created_at / 1000, 'unixepoch', 'localtime') AS day, provider,
            COALESCE(model_name, 'unknown') AS model, endpoint_name,
            COUNT(*) AS messages, COALESCE(SUM(tokens_in), 0) AS tokens_in, COALESCE(SUM(tokens_out), 0) AS tokens_out
     FROM messages
     WHERE role = 'assistant' AND status != 'streaming' AND created_at >= ? AND (tokens_in IS NOT NULL OR tokens_out IS NOT NULL)
     GROUP BY day, provider, model, endpoint_name
     ORDER BY day, provider, model`,
  ).all(since) as RowOf<UsageTotals>[];
  return rows.map(rowFields);
}
