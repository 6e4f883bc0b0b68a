import { type RawSection } from './types.js';
import { splitLines } from './textChunks.js';
import { estimateTokens } from '../../text/estimateTokens.js';

/** Records per section at most. */
export const csvRowsPerSection = 200;
/**
 * Size of a section, its header line included, past which the next record starts a new one: small
 * enough that a section is one passage (1,000 characters without an embedding model, 256 tokens with
 * one, here by `estimateTokens` with room to spare for tokenizers that split digits finely), so each
 * passage carries the header and cites its own rows.
 */
export const csvSectionChars = 900;
export const csvSectionTokens = 200;

/**
 * CSV in sections of whole records, labelled with their own rows ("rows 1-14", "rows 15-31", ...; row 1
 * is the header), each up to `csvSectionChars` characters, `csvSectionTokens` estimated tokens or 200
 * records. Every section after the first
 * starts with the header line again, so each passage says what its columns mean. Quoted fields may span
 * lines; a record is never split, so one record longer than a passage makes a section of its own, and
 * its passages after the first lack the header (as can a section whose digits tokenize densely).
 */
export async function* extractCsv(text: AsyncIterable<string>): AsyncGenerator<RawSection> {
  let header: string | null = null;
  let record: string[] = [];
  let inQuotes = false;
  let rows: string[] = [];
  let rowsLength = 0;
  let rowsTokens = 0;
  let firstRow = 1;

  const finish = (): RawSection | null => {
    if (rows.length === 0) return null;
    const lastRow = firstRow + rows.length - 1;
    const body = firstRow === 1 || header === null ? rows.join('\n') : `${header}\n${rows.join('\n')}`;
    const section = { page: null, section: `rows ${firstRow}-${lastRow}`, text: body.trim() };
    rows = [];
    rowsLength = 0;
    rowsTokens = 0;
    firstRow = lastRow + 1;
    return section.text === '' ? null : section;
  };
  /** Adds a record, first closing the section when the record would take it past its size. */
  const add = (complete: string): RawSection | null => {
    const repeated = firstRow === 1 ? null : header;
    const headerLength = repeated === null ? 0 : repeated.length + 1;
    const headerTokens = repeated === null ? 0 : estimateTokens(repeated);
    const tokens = estimateTokens(complete);
    const full =
      rows.length >= csvRowsPerSection ||
      headerLength + rowsLength + complete.length > csvSectionChars ||
      headerTokens + rowsTokens + tokens > csvSectionTokens;
    const section = rows.length > 0 && full ? finish() : null;
    rows.push(complete);
    rowsLength += complete.length + 1;
    rowsTokens += tokens;
    return section;
  };

  for await (const line of splitLines(text)) {
    record.push(line);
    for (let quote = line.indexOf('"'); quote !== -1; quote = line.indexOf('"', quote + 1)) inQuotes = !inQuotes;
    if (inQuotes) continue;
    const complete = record.join('\n');
    record = [];
    if (complete.trim() === '') continue;
    header ??= complete;
    const section = add(complete);
    if (section !== null) yield section;
  }
  if (record.length > 0) {
    // An unclosed quote at the end: keep the text rather than lose it.
    const section = add(record.join('\n'));
    if (section !== null) yield section;
  }
  const last = finish();
  if (last !== null) yield last;
}
