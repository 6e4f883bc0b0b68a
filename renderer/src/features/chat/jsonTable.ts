/**
 * A structured (JSON) reply as a table: an object becomes key/value rows, an array of objects
 * becomes rows under the union of their keys, an array of plain values a list. Pure functions, no
 * DOM: StructuredReply renders what these return.
 */

export type JsonTable =
  | { kind: 'record'; rows: Array<{ key: string; value: unknown }> }
  | { kind: 'rows'; columns: string[]; rows: unknown[][] }
  | { kind: 'list'; items: unknown[] }
  | { kind: 'value'; value: unknown };

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The reply's JSON when the whole text is one JSON object or array (what structured output writes);
 * undefined for anything else, which is then shown as ordinary text.
 */
export function parseStructuredReply(text: string): Record<string, unknown> | unknown[] | undefined {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') && trimmed.endsWith('}')) && !(trimmed.startsWith('[') && trimmed.endsWith(']'))) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return isPlainObject(value) || Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function tableOf(value: unknown): JsonTable {
  if (isPlainObject(value)) return { kind: 'record', rows: Object.entries(value).map(([key, inner]) => ({ key, value: inner })) };
  if (Array.isArray(value)) {
    if (value.length > 0 && value.every(isPlainObject)) {
      const columns = [...new Set(value.flatMap((item) => Object.keys(item)))];
      return { kind: 'rows', columns, rows: value.map((item) => columns.map((column) => item[column])) };
    }
    return { kind: 'list', items: value };
  }
  return { kind: 'value', value };
}

/** A value that fits in one cell: text as written, numbers and booleans as JSON, nested values as compact JSON. */
export function cellText(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Whether a value gets a table of its own inside a cell (a non-empty object or array). */
export function isNested(value: unknown): boolean {
  return (isPlainObject(value) && Object.keys(value).length > 0) || (Array.isArray(value) && value.length > 0);
}

/** The JSON as the user copies it: indented, as a file would hold it. */
export function prettyJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}
