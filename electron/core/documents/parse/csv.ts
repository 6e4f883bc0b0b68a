import { type RawSection } from './types.js';
import { softSectionLength, splitLines } from './textChunks.js';

/** Records per section, unless they reach `softSectionLength` characters first. */
export const csvRowsPerSection = 200;

/**
 * CSV in sections of up to 200 records, labelled "rows 1-200", "rows 201-400", ... (row 1 is the
 * header). Every section after the first starts with the header line again, so each passage says
 * what its columns mean. Quoted fields may span lines; a record is never split.
 */
export async function* extractCsv(text: AsyncIterable<string>): AsyncGenerator<RawSection> {
  let header: string | null = null;
  let record: string[] = [];
  let inQuotes = false;
  let rows: string[] = [];
  let rowsLength = 0;
  let firstRow = 1;
  let rowNumber = 0;

  const finish = (): RawSection | null => {
    if (rows.length === 0) return null;
    const lastRow = rowNumber;
    const body = firstRow === 1 || header === null ? rows.join('\n') : `${header}\n${rows.join('\n')}`;
    const section = { page: null, section: `rows ${firstRow}-${lastRow}`, text: body.trim() };
    rows = [];
    rowsLength = 0;
    firstRow = lastRow + 1;
    return section.text === '' ? null : section;
  };

  for await (const line of splitLines(text)) {
    record.push(line);
    for (let quote = line.indexOf('"'); quote !== -1; quote = line.indexOf('"', quote + 1)) inQuotes = !inQuotes;
    if (inQuotes) continue;
    const complete = record.join('\n');
    record = [];
    if (complete.trim() === '') continue;
    rowNumber++;
    if (header === null) header = complete;
    rows.push(complete);
    rowsLength += complete.length + 1;
    if (rows.length >= csvRowsPerSection || rowsLength >= softSectionLength) {
      const section = finish();
      if (section !== null) yield section;
    }
  }
  if (record.length > 0) {
    // An unclosed quote at the end: keep the text rather than lose it.
    rowNumber++;
    rows.push(record.join('\n'));
  }
  const last = finish();
  if (last !== null) yield last;
}
