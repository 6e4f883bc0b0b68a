import type { DlpSummary } from '../../shared/dlp.js';
import type { PriceEntry, RemoteRequestRecord, UsageReport, UsageRow } from '../../shared/remote.js';
import { expectOperands, parseCommand } from '../args.js';
import { exitCodes, UsageError } from '../errors.js';
import { formatTime, printJson, printNotice, printTable, printUsage } from '../output.js';
import { withSession } from '../session.js';
import { parseSince } from '../since.js';
import { usageCommandUsage as usage } from '../usage.js';
import type { CommandContext } from './context.js';

const usageOptions = {
  json: { type: 'boolean' },
  csv: { type: 'boolean' },
  since: { type: 'string' },
  compare: { type: 'string' },
} as const;

/**
 * `enclave usage`: tokens and cost per day, provider and model; `usage requests`: the record of every
 * remote request; `usage prices` and `usage price set`: the price table costs come from.
 */
export async function usageCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, usageOptions, usage);
  if (values.help) return printUsage(usage);
  const [action, ...operands] = positionals;
  const options = { dataDir: values['data-dir'] ?? context.dataDir };
  const since = parseSince(values.since, usage);
  const json = values.json === true;
  if (action !== undefined && (values.csv || values.compare !== undefined)) {
    throw new UsageError(`--csv and --compare go with "enclave usage" itself, not "usage ${action}"`, usage);
  }
  switch (action) {
    case undefined: {
      if (values.csv && json) throw new UsageError('give --csv or --json, not both', usage);
      const comparisonModel = values.compare ?? null;
      if (values.csv) {
        const { csv } = await withSession(options, (session) => session.request('usage.csv', { since }));
        process.stdout.write(csv);
        return exitCodes.ok;
      }
      const report = await withSession(options, (session) => session.request('usage.report', { since, comparisonModel }));
      if (json) printJson(report);
      else printReport(report, comparisonModel ?? 'gpt-4o');
      return exitCodes.ok;
    }
    case 'requests': {
      expectOperands(operands, 0, 0, 'usage requests', usage);
      const records = await withSession(options, (session) => session.request('usage.requests', { since }));
      if (json) printJson(records);
      else printRequests(records);
      return exitCodes.ok;
    }
    case 'prices': {
      expectOperands(operands, 0, 0, 'usage prices', usage);
      const prices = await withSession(options, (session) => session.request('usage.prices', {}));
      if (json) printJson(prices);
      else printPrices(prices);
      return exitCodes.ok;
    }
    case 'price': {
      const [verb, model = '', input = '', output = ''] = expectOperands(operands, 4, 4, 'usage price set <model> <in-per-million> <out-per-million>', usage);
      if (verb !== 'set') throw new UsageError(`unknown subcommand "usage price ${verb}"; did you mean "usage price set"?`, usage);
      const price = { model, inputPerMillion: dollars('in-per-million', input), outputPerMillion: dollars('out-per-million', output) };
      const prices = await withSession(options, (session) => session.request('usage.setPrice', price));
      const set = prices.find((entry) => entry.model === model.trim());
      if (json) printJson(set);
      else process.stdout.write(`${model.trim()}: $${set?.inputPerMillion ?? price.inputPerMillion} in, $${set?.outputPerMillion ?? price.outputPerMillion} out per million tokens.\n`);
      return exitCodes.ok;
    }
    default:
      throw new UsageError(`unknown subcommand "usage ${action}"`, usage);
  }
}

function dollars(name: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1e6) {
    throw new UsageError(`<${name}> must be a price in US dollars per million tokens (0 or more), not "${raw}"`, usage);
  }
  return value;
}

function printReport(report: UsageReport, comparisonModel: string): void {
  if (report.rows.length === 0) {
    process.stdout.write(`No replies with token counts${report.since === null ? '' : ` since ${formatTime(report.since)}`} yet.\n`);
  } else {
    printTable(
      ['DAY', 'PROVIDER', 'MODEL', 'MESSAGES', 'TOKENS IN', 'TOKENS OUT', 'COST (USD)'],
      report.rows.map((row) => [
        row.day,
        row.endpointName ?? row.provider,
        row.model,
        String(row.messages),
        tokens(row.tokensIn),
        tokens(row.tokensOut),
        rowCost(row),
      ]),
    );
  }
  const { totals } = report;
  process.stdout.write(`\nRemote: ${tokens(totals.remoteTokens)} tokens, ${money(totals.remoteCost)} spent.\n`);
  const compared = report.comparisonModel === null ? `no price for ${comparisonModel} (see "enclave usage prices")` : `${money(totals.localEquivalentCost)} on ${report.comparisonModel}`;
  process.stdout.write(`Local: ${tokens(totals.localTokens)} tokens; they would have cost ${compared}.\n`);
  if (report.rows.some((row) => row.provider === 'remote' && row.cost === null)) {
    printNotice('some remote models have no price, so their spend is not counted: enclave usage price set <model> <in> <out>.');
  }
}

/** A remote row's spend; a local row's cost on the comparison model, marked with "~" as it was not spent. */
function rowCost(row: UsageRow): string {
  if (row.cost === null) return row.provider === 'remote' ? 'no price' : '-';
  return row.provider === 'remote' ? money(row.cost) : `~${money(row.cost)}`;
}

function printRequests(records: readonly RemoteRequestRecord[]): void {
  if (records.length === 0) {
    process.stdout.write('No remote requests recorded.\n');
    return;
  }
  printTable(
    ['TIME', 'ENDPOINT', 'MODEL', 'TOKENS IN', 'TOKENS OUT', 'DLP', 'OUTCOME'],
    records.map((record) => [
      formatTime(record.createdAt),
      record.endpointName,
      record.model,
      record.tokensIn === null ? '-' : tokens(record.tokensIn),
      record.tokensOut === null ? '-' : tokens(record.tokensOut),
      describeDlp(record.dlp),
      record.errorCode === null ? record.outcome : `${record.outcome} (${record.errorCode})`,
    ]),
  );
}

/** Counts per detector and action ("email 1, phone 1; redact 1, warn 1"): never a value. */
function describeDlp(summary: DlpSummary): string {
  if (summary.total === 0) return '-';
  const detectors = Object.entries(summary.byDetector).map(([detector, count]) => `${detector} ${count}`);
  const actions = Object.entries(summary.byAction).map(([action, count]) => `${action} ${count}`);
  return `${detectors.join(', ')}; ${actions.join(', ')}`;
}

function printPrices(prices: readonly PriceEntry[]): void {
  printTable(
    ['MODEL', 'IN $/1M', 'OUT $/1M', 'SOURCE'],
    prices.map((price) => [price.model, String(price.inputPerMillion), String(price.outputPerMillion), price.isDefault ? 'default' : 'set here']),
  );
}

function tokens(count: number): string {
  return count.toLocaleString('en-US');
}

/** Cents where there are dollars; four decimals below a dollar, as a few requests cost fractions of a cent. */
function money(value: number): string {
  return `$${value >= 1 ? value.toFixed(2) : value.toFixed(4)}`;
}
