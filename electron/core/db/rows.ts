import type { z } from 'zod';
import { EnclaveError } from '../errors.js';

/** `chunk_id` -> `chunkId`: a column's name as the field it becomes. */
type FieldName<Column extends string> = Column extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<FieldName<Tail>>}` : Column;

/** `chunkId` -> `chunk_id`: a field's name as the column it is stored in. */
type ColumnName<Field extends string> = Field extends `${infer First}${infer Rest}`
  ? `${First extends Lowercase<First> ? First : `_${Lowercase<First>}`}${ColumnName<Rest>}`
  : Field;

/** The row a query returns for these fields: `{ chunkId: number }` -> `{ chunk_id: number }`. */
export type RowOf<Fields> = { [Key in keyof Fields & string as ColumnName<Key>]: Fields[Key] };

/** A row's columns as fields: `{ chunk_id: number }` -> `{ chunkId: number }`. */
export type FieldsOf<Row> = { [Key in keyof Row & string as FieldName<Key>]: Row[Key] };

const fieldNames = new Map<string, string>();

/**
 * The row with each column renamed to its field (`created_at` -> `createdAt`), values as stored and
 * in the order the query selects them. A mapper spreads it and replaces only what is not stored as
 * is: a 0/1 flag, a JSON column (`jsonColumn`), a derived value.
 */
export function rowFields<Row extends object>(row: Row): FieldsOf<Row> {
  const fields: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) fields[fieldName(column)] = value;
  return fields as FieldsOf<Row>;
}

function fieldName(column: string): string {
  let name = fieldNames.get(column);
  if (name === undefined) {
    name = column.replace(/_([a-z0-9])/g, (_, next: string) => next.toUpperCase());
    fieldNames.set(column, name);
  }
  return name;
}

/** What a `find` returned, or the error thrown when it found nothing: the `get` beside a `find`. */
export function foundOr<Value>(value: Value | undefined, error: () => Error): Value {
  if (value === undefined) throw error();
  return value;
}

/**
 * A JSON column read back and checked against its schema. The app wrote it, so JSON that does not
 * parse or fit is damage (a disk fault, an edit by hand): reported as `database-corrupt` naming the
 * column (`table.column`), not as a TypeError far from here.
 */
export function jsonColumn<Value>(schema: z.ZodType<Value>, text: string, column: string): Value {
  const value = parsedJson(text);
  if (value === unparsable) throw damaged(column, 'text that is not JSON');
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw damaged(column, `a value that does not fit (${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'})`);
  }
  return parsed.data;
}

/**
 * A JSON column of settings read back field by field: each stored field the schema accepts, the
 * default for any other (missing, invalid, or from a version that named it differently). Settings
 * never stop the app from starting; a bad one is simply reset.
 */
export function settingsColumn<Shape extends Record<string, z.ZodType>>(
  schema: z.ZodObject<Shape>,
  defaults: z.output<z.ZodObject<Shape>>,
  text: string | null | undefined,
): z.output<z.ZodObject<Shape>> {
  const stored = text === null || text === undefined ? undefined : parsedJson(text);
  const settings: Record<string, unknown> = { ...defaults };
  if (typeof stored === 'object' && stored !== null && !Array.isArray(stored)) {
    for (const [key, field] of Object.entries(schema.shape)) {
      if (!Object.hasOwn(stored, key)) continue;
      const parsed = field.safeParse((stored as Record<string, unknown>)[key]);
      if (parsed.success) settings[key] = parsed.data;
    }
  }
  return settings as z.output<z.ZodObject<Shape>>;
}

const unparsable = Symbol('unparsable');

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return unparsable;
  }
}

function damaged(column: string, problem: string): EnclaveError {
  return new EnclaveError(
    'database-corrupt',
    `The database is damaged: ${column} holds ${problem}. Restore the database from a backup, or remove the item and add it again.`,
  );
}
