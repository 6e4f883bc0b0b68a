/** Printing for people (aligned tables, short numbers) and for scripts (JSON). */

import { exitCodes } from './errors.js';

/** Answers `--help`: prints the usage on stdout (it is what was asked for, not an error) and returns success. */
export function printUsage(usage: string): number {
  process.stdout.write(`${usage}\n`);
  return exitCodes.ok;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Prints rows under a header, each column as wide as its widest cell; the last column is not padded. */
export function printTable(header: readonly string[], rows: readonly (readonly string[])[], out: NodeJS.WritableStream = process.stdout): void {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  for (const row of [header, ...rows]) {
    const cells = row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)));
    out.write(`${cells.join('  ').trimEnd()}\n`);
  }
}

/**
 * Whether a standard stream is a terminal. Node leaves `isTTY` undefined on a pipe or a file, though
 * @types/node declares it a boolean; the parameter's type says what Node does.
 */
export function isTerminal(stream: { isTTY?: boolean }): boolean {
  return stream.isTTY === true;
}

/** One line on stderr, prefixed like every message the CLI writes there. */
export function printNotice(message: string): void {
  process.stderr.write(`enclave: ${message}\n`);
}

/** 1_100_000_000 -> "1.1B", 85_000_000 -> "85M", 280_000 -> "280K". */
export function formatParameterCount(count: number): string {
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, suffix] of units) {
    if (count >= size) return `${shortNumber(count / size)}${suffix}`;
  }
  return String(count);
}

/** Decimal units, as disks and download pages show sizes: 1_120_096 -> "1.1 MB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${shortNumber(value)} ${units[unit]}`;
}

/** Local date and time to the minute: "2026-11-22 14:05". */
export function formatTime(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** One decimal below 10 ("1.1"), whole numbers above ("85"), no trailing ".0". */
function shortNumber(value: number): string {
  const rounded = value < 10 ? Math.round(value * 10) / 10 : Math.round(value);
  return String(rounded);
}

/** A status line on stderr that rewrites itself, only for a person at a terminal (never in a pipe or a log). */
export function progressLine(): { show(text: string): void; clear(): void } {
  let shown: string | null = null;
  return {
    show(text) {
      if (!process.stderr.isTTY || text === shown) return;
      shown = text;
      process.stderr.write(`\r\x1b[K${text}`);
    },
    clear() {
      if (shown === null) return;
      shown = null;
      process.stderr.write('\r\x1b[K');
    },
  };
}

/** Model loading progress on one self-erasing stderr line, only for a person at a terminal. */
export function loadProgressLine(modelName: string): { update(progress: number): void; clear(): void } {
  const line = progressLine();
  return {
    update: (progress) => line.show(`Loading ${modelName}… ${Math.round(progress * 100)}%`),
    clear: () => line.clear(),
  };
}

/** "yes" / "no", as the details pages print booleans. */
export function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

/** Prints `label  value` lines with the labels aligned; a value with several lines is indented under it. */
export function printFields(fields: readonly (readonly [label: string, value: string])[]): void {
  const width = Math.max(...fields.map(([label]) => label.length));
  for (const [label, value] of fields) {
    const [first = '', ...more] = value.split('\n');
    process.stdout.write(`${label.padEnd(width)}  ${first}`.trimEnd() + '\n');
    for (const line of more) process.stdout.write(`${' '.repeat(width + 2)}${line}`.trimEnd() + '\n');
  }
}
