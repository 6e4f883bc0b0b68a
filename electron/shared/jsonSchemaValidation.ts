/**
 * Checks a JSON value against a schema of the subset `describeSchemaProblem` accepts, with JSON
 * Schema's meaning (not the grammar's: a property left out of `required` may be missing, and
 * `additionalProperties` left out allows more). The grammar should make every check pass; this is the
 * proof, run on what the model wrote before anyone relies on it.
 */
import type { JsonSchemaObject } from './jsonSchemaSupport.js';

type Defs = ReadonlyMap<string, unknown>;

/** The ways `value` breaks `schema`, each as "$.path: problem"; empty when it matches. */
export function validateAgainstSchema(value: unknown, schema: unknown): string[] {
  const problems: string[] = [];
  check(value, schema, '$', new Map(), problems);
  return problems;
}

function isObject(value: unknown): value is JsonSchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function check(value: unknown, schema: unknown, at: string, outerDefs: Defs, problems: string[]): void {
  if (schema === true) return;
  if (!isObject(schema)) {
    problems.push(`${at}: no value is allowed here`);
    return;
  }
  const defs = isObject(schema.$defs) ? new Map([...outerDefs, ...Object.entries(schema.$defs)]) : outerDefs;
  if (typeof schema.$ref === 'string') {
    const target = defs.get(schema.$ref.replace(/^#\/\$defs\//, ''));
    if (target === undefined) problems.push(`${at}: the reference ${schema.$ref} points nowhere`);
    else check(value, target, at, defs, problems);
  }
  const before = problems.length;
  checkType(value, schema.type, at, problems);
  if (problems.length > before) return; // The rest only makes sense for the right type.
  checkChoices(value, schema, at, defs, problems);
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => option === value)) {
    problems.push(`${at}: ${JSON.stringify(value)} is not one of ${schema.enum.map((option) => JSON.stringify(option)).join(', ')}`);
  }
  if ('const' in schema && schema.const !== value) problems.push(`${at}: expected ${JSON.stringify(schema.const)}, got ${JSON.stringify(value)}`);
  if (isObject(value)) checkObject(value, schema, at, defs, problems);
  if (Array.isArray(value)) checkArray(value, schema, at, defs, problems);
  if (typeof value === 'string') checkString(value, schema, at, problems);
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function checkType(value: unknown, type: unknown, at: string, problems: string[]): void {
  if (type === undefined) return;
  const types = (Array.isArray(type) ? type : [type]) as unknown[];
  const matches = types.some((name) => (name === 'integer' ? Number.isInteger(value) : name === typeOf(value)));
  if (!matches) problems.push(`${at}: expected ${types.map(String).join(' or ')}, got ${typeOf(value)}`);
}

function checkChoices(value: unknown, schema: JsonSchemaObject, at: string, defs: Defs, problems: string[]): void {
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const options = schema[keyword];
    if (!Array.isArray(options)) continue;
    const matching = options.filter((option) => {
      const found: string[] = [];
      check(value, option, at, defs, found);
      return found.length === 0;
    }).length;
    if (matching === 0) problems.push(`${at}: matches none of the ${keyword} schemas`);
    else if (keyword === 'oneOf' && matching > 1) problems.push(`${at}: matches ${matching} of the oneOf schemas, not exactly one`);
  }
}

function checkObject(value: JsonSchemaObject, schema: JsonSchemaObject, at: string, defs: Defs, problems: string[]): void {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  for (const name of required) if (typeof name === 'string' && !Object.hasOwn(value, name)) problems.push(`${at}: "${name}" is missing`);
  for (const [name, item] of Object.entries(value)) {
    const where = `${at}.${name}`;
    if (Object.hasOwn(properties, name)) check(item, properties[name], where, defs, problems);
    else if (schema.additionalProperties === false) problems.push(`${at}: "${name}" is not an allowed property`);
    else if (schema.additionalProperties !== undefined) check(item, schema.additionalProperties, where, defs, problems);
  }
  countWithin(Object.keys(value).length, schema.minProperties, schema.maxProperties, 'properties', at, problems);
}

function checkArray(value: unknown[], schema: JsonSchemaObject, at: string, defs: Defs, problems: string[]): void {
  const prefix: readonly unknown[] = Array.isArray(schema.prefixItems) ? schema.prefixItems : [];
  value.forEach((item, index) => {
    const itemSchema = index < prefix.length ? prefix[index] : schema.items;
    if (itemSchema !== undefined) check(item, itemSchema, `${at}[${index}]`, defs, problems);
  });
  countWithin(value.length, schema.minItems, schema.maxItems, 'items', at, problems);
}

function checkString(value: string, schema: JsonSchemaObject, at: string, problems: string[]): void {
  // JSON Schema counts characters (code points), not UTF-16 units.
  countWithin(Array.from(value).length, schema.minLength, schema.maxLength, 'characters', at, problems);
  const format = schema.format;
  if (format === 'date' && !isDate(value)) problems.push(`${at}: "${value}" is not a date (YYYY-MM-DD)`);
  if (format === 'time' && !isTime(value)) problems.push(`${at}: "${value}" is not a time (HH:MM:SS)`);
  if (format === 'date-time') {
    const [date = '', time = ''] = value.split(/[Tt ]/, 2);
    if (!isDate(date) || !isTime(time)) problems.push(`${at}: "${value}" is not a date-time (YYYY-MM-DDTHH:MM:SSZ)`);
  }
}

function countWithin(count: number, minimum: unknown, maximum: unknown, what: string, at: string, problems: string[]): void {
  if (typeof minimum === 'number' && count < minimum) problems.push(`${at}: ${count} ${what}, fewer than ${minimum}`);
  if (typeof maximum === 'number' && count > maximum) problems.push(`${at}: ${count} ${what}, more than ${maximum}`);
}

/** Month and day in range, as RFC 3339 and the grammar write it; JSON Schema treats formats as advisory anyway. */
function isDate(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(text);
}

function isTime(text: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)?$/.test(text);
}
