/**
 * The part of JSON Schema that structured output supports: what node-llama-cpp's JSON-schema grammar
 * turns into a constraint. The grammar silently ignores what it cannot express (a `pattern`, a
 * `minimum`, an `allOf`) and writes `null` for a schema without a type, so a schema is checked here
 * first and refused with the exact place and keyword, instead of producing output that breaks it.
 */

/** A JSON Schema object, as parsed from JSON. */
export type JsonSchemaObject = { readonly [keyword: string]: unknown };

const basicTypes = ['string', 'number', 'integer', 'boolean', 'null'] as const;
const allTypes = [...basicTypes, 'object', 'array'] as const;
const formats = ['date', 'time', 'date-time'];
/** Words that describe a schema without constraining the value; the grammar ignores them, rightly. */
const annotations = new Set(['title', 'description', '$comment', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly', '$schema', '$id']);
/** Keywords per type (beyond `type`, `$defs` and annotations) that the grammar enforces. */
const keywordsOfType: Record<string, readonly string[]> = {
  object: ['properties', 'required', 'additionalProperties', 'minProperties', 'maxProperties'],
  array: ['items', 'prefixItems', 'minItems', 'maxItems'],
  string: ['minLength', 'maxLength', 'format'],
};
/** Valid JSON Schema the grammar cannot express. */
const inexpressible = new Set([
  'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'allOf', 'not',
  'if', 'then', 'else', 'uniqueItems', 'contains', 'minContains', 'maxContains', 'patternProperties',
  'propertyNames', 'dependentRequired', 'dependentSchemas', 'dependencies', 'unevaluatedProperties',
  'unevaluatedItems', 'contentEncoding', 'contentMediaType', 'contentSchema', 'additionalItems',
  '$anchor', '$dynamicRef', '$dynamicAnchor', '$vocabulary', '$recursiveRef', '$recursiveAnchor',
]);
const maxDepth = 64;

/**
 * Why `schema` cannot constrain structured output (not valid JSON Schema, or beyond what the grammar
 * can express), as one sentence naming the place (`/properties/age`) and the keyword; null when it can.
 */
export function describeSchemaProblem(schema: unknown): string | null {
  try {
    checkSchema(schema, '', new Set(), 0);
    return null;
  } catch (error) {
    if (error instanceof SchemaProblem) return error.message;
    throw error;
  }
}

/** The schema as node-llama-cpp's grammar reads it: `anyOf`, which it does not know, becomes `oneOf`. */
export function toGrammarSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toGrammarSchema);
  if (!isObject(schema)) return schema;
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key === 'anyOf' ? 'oneOf' : key, toGrammarSchema(value)]));
}

class SchemaProblem extends Error {}

function fail(at: string, problem: string): never {
  throw new SchemaProblem(`The schema ${at === '' ? 'itself' : `at ${at}`} ${problem}`);
}

function isObject(value: unknown): value is JsonSchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `defs` holds the `$defs` names visible here: the grammar resolves `#/$defs/<name>` against them. */
function checkSchema(schema: unknown, at: string, outerDefs: ReadonlySet<string>, depth: number): void {
  if (depth > maxDepth) fail(at, `is nested more than ${maxDepth} levels deep.`);
  if (typeof schema === 'boolean') fail(at, `is ${String(schema)}, which the grammar cannot write: describe the value with "type".`);
  if (!isObject(schema)) fail(at, 'is not a JSON Schema: a schema is a JSON object such as {"type": "string"}.');
  // What the grammar cannot do at all is the first thing to say, before what the schema lacks.
  for (const keyword of Object.keys(schema)) checkKnownKeyword(keyword, at);
  const defs = checkDefs(schema, at, outerDefs, depth);
  const kind = schemaKind(schema, at);
  for (const keyword of Object.keys(schema)) checkKeywordFitsKind(schema, keyword, kind, at);
  switch (kind) {
    case 'ref': checkRef(schema.$ref, `${at}/$ref`, defs); break;
    case 'choice': checkChoice(schema, at, defs, depth); break;
    case 'enum': checkEnum(schema, at); break;
    case 'object': checkObject(schema, at, defs, depth); break;
    case 'array': checkArray(schema, at, defs, depth); break;
    case 'string': checkString(schema, at); break;
    case 'basic': break;
  }
}

type SchemaKind = 'ref' | 'choice' | 'enum' | 'object' | 'array' | 'string' | 'basic';

/** Which grammar rule applies, in the grammar's own order; the other keywords of the schema are ignored by it. */
function schemaKind(schema: JsonSchemaObject, at: string): SchemaKind {
  const type = checkType(schema.type, `${at}/type`);
  if ('$ref' in schema) return 'ref';
  if ('oneOf' in schema || 'anyOf' in schema) return 'choice';
  if ('enum' in schema || 'const' in schema) return 'enum';
  if (type === undefined) {
    const hint = 'definitions' in schema ? ' (use "$defs" for definitions)' : '';
    fail(at, `has no "type", so it does not say what to write${hint}: add "type", "enum", "const", "oneOf" or "$ref".`);
  }
  if (Array.isArray(type)) return 'basic';
  if (type === 'object' || type === 'array' || type === 'string') return type;
  return 'basic';
}

function checkType(type: unknown, at: string): string | readonly string[] | undefined {
  if (type === undefined) return undefined;
  const known = (value: unknown) => typeof value === 'string' && (allTypes as readonly string[]).includes(value);
  if (typeof type === 'string') {
    if (!known(type)) fail(at, `is "${type}", which is not a JSON Schema type (${allTypes.join(', ')}).`);
    return type;
  }
  if (!Array.isArray(type) || type.length === 0) fail(at, 'must be a type name or a non-empty list of type names.');
  const names: readonly unknown[] = type;
  for (const item of names) if (!known(item)) fail(at, `lists ${JSON.stringify(item)}, which is not a JSON Schema type (${allTypes.join(', ')}).`);
  if (new Set(names).size !== names.length) fail(at, 'lists a type twice.');
  const structured = names.find((item) => item === 'object' || item === 'array');
  if (structured !== undefined) {
    fail(at, `lists "${structured}" among other types, which the grammar cannot express: use "oneOf" with one schema per type.`);
  }
  return type as string[];
}

function checkKnownKeyword(keyword: string, at: string): void {
  if (annotations.has(keyword) || keyword === '$defs' || keyword === 'type' || isKnownKeyword(keyword)) return;
  if (inexpressible.has(keyword)) {
    fail(at, `uses "${keyword}", which is valid JSON Schema but beyond what the output grammar can enforce: remove it, or check the value after extraction.`);
  }
  if (keyword === 'definitions') fail(at, 'uses "definitions": write them under "$defs" and refer to them as "#/$defs/<name>".');
  fail(at, `uses "${keyword}", which is not a JSON Schema keyword (check the spelling).`);
}

/** A keyword the grammar would ignore for this kind of schema (`items` on a string) is refused, not dropped. */
function checkKeywordFitsKind(schema: JsonSchemaObject, keyword: string, kind: SchemaKind, at: string): void {
  if (!isKnownKeyword(keyword)) return;
  const allowed: readonly string[] =
    kind === 'ref' ? ['$ref']
    : kind === 'choice' ? ['oneOf', 'anyOf']
    : kind === 'enum' ? ['enum', 'const']
    : kindKeywords(schema, kind);
  if (allowed.includes(keyword)) return;
  const what = kind === 'ref' ? '"$ref"' : kind === 'choice' ? '"oneOf"/"anyOf"' : kind === 'enum' ? '"enum"/"const"' : `type ${JSON.stringify(schema.type)}`;
  fail(at, `uses "${keyword}" with ${what}, where the grammar ignores it: move it into the schema it belongs to, or remove it.`);
}

function kindKeywords(schema: JsonSchemaObject, kind: SchemaKind): readonly string[] {
  if (kind === 'basic' || typeof schema.type !== 'string') return [];
  return keywordsOfType[schema.type] ?? [];
}

function isKnownKeyword(keyword: string): boolean {
  return ['$ref', 'oneOf', 'anyOf', 'enum', 'const', ...Object.values(keywordsOfType).flat()].includes(keyword);
}

function checkDefs(schema: JsonSchemaObject, at: string, outerDefs: ReadonlySet<string>, depth: number): ReadonlySet<string> {
  if (!('$defs' in schema)) return outerDefs;
  const defs = schema.$defs;
  if (!isObject(defs)) fail(`${at}/$defs`, 'must be an object of named schemas.');
  const visible = new Set([...outerDefs, ...Object.keys(defs)]);
  for (const [name, definition] of Object.entries(defs)) checkSchema(definition, `${at}/$defs/${name}`, visible, depth + 1);
  return visible;
}

function checkRef(ref: unknown, at: string, defs: ReadonlySet<string>): void {
  const prefix = '#/$defs/';
  if (typeof ref !== 'string') fail(at, 'must be a string such as "#/$defs/address".');
  if (!ref.startsWith(prefix)) fail(at, `is "${ref}": the grammar only follows references to "#/$defs/<name>" in the same schema.`);
  const name = ref.slice(prefix.length);
  if (!defs.has(name)) fail(at, `is "${ref}", but no "$defs" around it defines "${name}".`);
}

function checkChoice(schema: JsonSchemaObject, at: string, defs: ReadonlySet<string>, depth: number): void {
  if ('oneOf' in schema && 'anyOf' in schema) fail(at, 'uses both "oneOf" and "anyOf": use one.');
  const keyword = 'oneOf' in schema ? 'oneOf' : 'anyOf';
  const options = schema[keyword];
  if (!Array.isArray(options) || options.length === 0) fail(`${at}/${keyword}`, 'must be a non-empty list of schemas.');
  options.forEach((option, index) => checkSchema(option, `${at}/${keyword}/${index}`, defs, depth + 1));
}

function checkEnum(schema: JsonSchemaObject, at: string): void {
  if ('enum' in schema && 'const' in schema) fail(at, 'uses both "enum" and "const": use one.');
  const values = 'enum' in schema ? schema.enum : [schema.const];
  const where = 'enum' in schema ? `${at}/enum` : `${at}/const`;
  if (!Array.isArray(values) || values.length === 0) fail(where, 'must be a non-empty list of values.');
  for (const value of values) {
    if (typeof value === 'object' && value !== null) {
      fail(where, `holds ${JSON.stringify(value)}: the grammar can only write strings, numbers, true, false and null there.`);
    }
    if (typeof schema.type === 'string' && !matchesType(value, schema.type)) {
      fail(where, `holds ${JSON.stringify(value)}, which is not of type "${schema.type}".`);
    }
  }
}

function matchesType(value: unknown, type: string): boolean {
  if (type === 'integer') return Number.isInteger(value);
  if (type === 'null') return value === null;
  return typeof value === type;
}

function checkObject(schema: JsonSchemaObject, at: string, defs: ReadonlySet<string>, depth: number): void {
  const properties = schema.properties ?? {};
  if (!isObject(properties)) fail(`${at}/properties`, 'must be an object mapping each property name to its schema.');
  for (const [name, property] of Object.entries(properties)) checkSchema(property, `${at}/properties/${name}`, defs, depth + 1);
  if ('required' in schema) {
    const required = schema.required;
    if (!Array.isArray(required) || required.some((name) => typeof name !== 'string')) fail(`${at}/required`, 'must be a list of property names.');
    if (new Set(required).size !== required.length) fail(`${at}/required`, 'names a property twice.');
    const missing = (required as string[]).find((name) => !Object.hasOwn(properties, name));
    if (missing !== undefined) fail(`${at}/required`, `names "${missing}", which "properties" does not define: the grammar can only write defined properties.`);
  }
  const additional = schema.additionalProperties;
  if (additional !== undefined && typeof additional !== 'boolean') checkSchema(additional, `${at}/additionalProperties`, defs, depth + 1);
  checkRange(schema, 'minProperties', 'maxProperties', at);
  const count = Object.keys(properties).length;
  if (typeof schema.maxProperties === 'number' && schema.maxProperties < count) {
    fail(`${at}/maxProperties`, `is ${schema.maxProperties}, but the grammar writes all ${count} properties.`);
  }
}

function checkArray(schema: JsonSchemaObject, at: string, defs: ReadonlySet<string>, depth: number): void {
  if (Array.isArray(schema.items)) fail(`${at}/items`, 'is a list: for a fixed list of item schemas use "prefixItems".');
  if (schema.items !== undefined) checkSchema(schema.items, `${at}/items`, defs, depth + 1);
  if (schema.prefixItems !== undefined) {
    if (!Array.isArray(schema.prefixItems)) fail(`${at}/prefixItems`, 'must be a list of schemas.');
    schema.prefixItems.forEach((item, index) => checkSchema(item, `${at}/prefixItems/${index}`, defs, depth + 1));
  }
  checkRange(schema, 'minItems', 'maxItems', at);
  const fixed = Array.isArray(schema.prefixItems) ? schema.prefixItems.length : 0;
  if (typeof schema.maxItems === 'number' && schema.maxItems < fixed) {
    fail(`${at}/maxItems`, `is ${schema.maxItems}, fewer than the ${fixed} "prefixItems" the grammar writes.`);
  }
}

function checkString(schema: JsonSchemaObject, at: string): void {
  if ('format' in schema) {
    if (typeof schema.format !== 'string' || !formats.includes(schema.format)) {
      fail(`${at}/format`, `is ${JSON.stringify(schema.format)}: the grammar can only enforce the formats ${formats.map((format) => `"${format}"`).join(', ')}.`);
    }
    if ('minLength' in schema || 'maxLength' in schema) fail(at, 'combines "format" with a length, which the grammar cannot enforce together: use one.');
  }
  checkRange(schema, 'minLength', 'maxLength', at);
}

function checkRange(schema: JsonSchemaObject, minimum: string, maximum: string, at: string): void {
  for (const keyword of [minimum, maximum]) {
    const value = schema[keyword];
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0)) fail(`${at}/${keyword}`, 'must be a whole number of 0 or more.');
  }
  const low = schema[minimum];
  const high = schema[maximum];
  if (typeof low === 'number' && typeof high === 'number' && low > high) fail(at, `has "${minimum}" ${low} above "${maximum}" ${high}.`);
}
