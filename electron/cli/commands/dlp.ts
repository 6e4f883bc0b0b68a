import fs from 'node:fs';
import { actionFor, createDlpScanner, summarizeFindings } from '../../core/dlp/index.js';
import { EnclaveError } from '../../core/errors.js';
import type { DlpFinding, DlpSummary } from '../../shared/dlp.js';
import type { DlpAction, DlpDetector, PolicySource } from '../../shared/policy.js';
import { expectOperands, parseCommand } from '../args.js';
import { exitCodes, UsageError } from '../errors.js';
import { printJson, printNotice, printTable, printUsage } from '../output.js';
import { dlpUsage } from '../usage.js';
import { cliPolicy } from '../session.js';
import type { CommandContext } from './context.js';

/** One finding as the CLI prints it: where, what, and the value masked (never in clear on a terminal or in a log). */
interface ScanFinding {
  line: number;
  column: number;
  start: number;
  end: number;
  detector: DlpDetector;
  alsoDetected?: DlpDetector[];
  action: DlpAction;
  masked: string;
}

interface ScanReport {
  source: string;
  policy: PolicySource;
  findings: ScanFinding[];
  summary: DlpSummary;
}

/**
 * `enclave dlp scan <file|->`: what Enclave's data-loss prevention finds in a text, with the machine
 * policy's custom terms, record-number patterns and actions. Exit 0 whenever the scan ran, findings or
 * not, so scripts read the result (`--json`) rather than guess from the code.
 */
export async function dlpCommand(context: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(context.args, { json: { type: 'boolean' } }, dlpUsage);
  if (values.help) return printUsage(dlpUsage);
  const [subcommand, ...operands] = positionals;
  if (subcommand === undefined) throw new UsageError('missing subcommand: scan', dlpUsage);
  if (subcommand !== 'scan') throw new UsageError(`unknown subcommand "dlp ${subcommand}"`, dlpUsage);
  const [source] = expectOperands(operands, 1, 1, 'dlp scan <file|->', dlpUsage) as [string];

  const text = source === '-' ? await readStandardInput() : readTextFile(source);
  const { policy, source: policySource } = cliPolicy();
  if (policySource.status === 'invalid') printNotice(`${policySource.error} Scanning with the built-in detectors only.`);
  const findings = createDlpScanner(policy.dlp).scan(text);
  const report = buildReport(source, text, findings, policy.dlp.actions, policySource);

  if (values.json) printJson(report);
  else printReport(report);
  return exitCodes.ok;
}

function buildReport(source: string, text: string, findings: DlpFinding[], actions: Record<DlpDetector, DlpAction>, policy: PolicySource): ScanReport {
  const lineStarts = lineStartOffsets(text);
  const scanned = findings.map((finding): ScanFinding => {
    const { line, column } = lineAndColumn(text, lineStarts, finding.start);
    const printed: ScanFinding = {
      line,
      column,
      start: finding.start,
      end: finding.end,
      detector: finding.detector,
      action: actionFor(finding, actions),
      masked: mask(finding.text),
    };
    if (finding.alsoDetected) printed.alsoDetected = finding.alsoDetected;
    return printed;
  });
  return { source, policy, findings: scanned, summary: summarizeFindings(scanned) };
}

function printReport({ findings, summary }: ScanReport): void {
  if (findings.length === 0) {
    process.stdout.write('No sensitive data found.\n');
    return;
  }
  printTable(
    ['LINE:COL', 'DETECTOR', 'ACTION', 'TEXT'],
    findings.map((finding) => [`${finding.line}:${finding.column}`, finding.detector, finding.action, finding.masked]),
  );
  const counts = Object.entries(summary.byDetector).map(([detector, count]) => `${detector} ${count}`);
  process.stdout.write(`\n${summary.total} ${summary.total === 1 ? 'finding' : 'findings'}: ${counts.join(', ')}\n`);
}

/** First and last character kept, the rest starred: enough to find it in the file, not to read it. */
export function mask(value: string): string {
  const characters = Array.from(value);
  if (characters.length <= 2) return '*'.repeat(characters.length);
  return `${characters[0]}${'*'.repeat(characters.length - 2)}${characters[characters.length - 1]}`;
}

function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return starts;
}

/** 1-based line and column, the column in characters (code points), as editors count them. */
function lineAndColumn(text: string, lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    const start = lineStarts[middle];
    if (start !== undefined && start <= offset) low = middle;
    else high = middle - 1;
  }
  const lineStart = lineStarts[low] ?? 0; // the first line starts at 0
  return { line: low + 1, column: Array.from(text.slice(lineStart, offset)).length + 1 };
}

function readTextFile(path: string): string {
  try {
    return stripByteOrderMark(fs.readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new EnclaveError('not-found', `There is no file at ${path}.`);
    if (code === 'EISDIR') throw new EnclaveError('invalid-request', `${path} is a folder; give a text file, or - to read standard input.`);
    if (code === 'EACCES' || code === 'EPERM') throw new EnclaveError('io-error', `${path} could not be read: permission denied.`);
    throw new EnclaveError('io-error', `${path} could not be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return stripByteOrderMark(Buffer.concat(chunks).toString('utf8'));
}

function stripByteOrderMark(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}
