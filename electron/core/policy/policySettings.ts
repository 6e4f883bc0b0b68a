/**
 * The policy's settings, one per leaf of its JSON Schema, named by dotted path (`network.mode`,
 * `dlp.actions.email`, `audit.collector.host`). The registry mapping and the Group Policy / macOS
 * templates are built from this list, so a key added to electron/shared/policy.ts reaches them all
 * without code changes.
 */
import { policyJsonSchema } from '../../shared/policy.js';

/**
 * What a setting holds, which decides how the registry stores it:
 * `string` and `enum` REG_SZ, `integer` and `boolean` REG_DWORD, `stringList` REG_MULTI_SZ, and `json`
 * (anything else: arrays of objects, records with free keys, non-integer numbers) REG_SZ holding JSON.
 */
export type PolicySettingKind = 'string' | 'enum' | 'integer' | 'boolean' | 'stringList' | 'json';

export interface PolicySetting {
  /** Dotted path in the policy object, also the registry value name: `dlp.actions.email`. */
  path: string;
  kind: PolicySettingKind;
  /** The schema's description of the setting, when it has one. */
  description?: string;
  /** The default the app applies when the setting is absent, when the schema names one. */
  default?: unknown;
  /** For `enum`: the allowed values, in schema order. */
  values?: string[];
  /** For `integer`: the bounds the schema sets. */
  minimum?: number;
  maximum?: number;
  /** For `string`: the longest value the schema allows. */
  maxLength?: number;
  /** The setting's own JSON Schema, for example values. */
  schema: JsonSchema;
}

/** An object of the policy that holds settings (`dlp`, `dlp.actions`, `audit.collector`): a category in templates. */
export interface PolicySettingGroup {
  /** Dotted path; `''` for the policy itself. */
  path: string;
  description?: string;
}

export interface PolicySettings {
  /** Every group, parents before children, in schema order. */
  groups: PolicySettingGroup[];
  /** Every setting, in schema order. */
  settings: PolicySetting[];
}

/** The slice of JSON Schema this walk reads; everything else is carried along untouched. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  description?: string;
  examples?: unknown[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  [keyword: string]: unknown;
}

let cached: PolicySettings | undefined;

/**
 * The settings of the policy schema in electron/shared/policy.ts (computed once), or of `schema` when
 * given (tests). Keys beginning with `$` (`$schema`) describe the JSON file, not the policy, and are not
 * settings.
 */
export function policySettings(schema?: JsonSchema): PolicySettings {
  if (schema !== undefined) return walkPolicySchema(schema);
  cached ??= walkPolicySchema(policyJsonSchema());
  return cached;
}

function walkPolicySchema(root: JsonSchema): PolicySettings {
  const found: PolicySettings = { groups: [], settings: [] };
  const resolve = (schema: JsonSchema): JsonSchema => resolveSchemaReference(root, schema);
  const walk = (schema: JsonSchema, path: string[]): void => {
    const properties = objectProperties(schema, resolve);
    const name = path.join('.');
    if (properties === undefined) {
      found.settings.push(describeSetting(name, schema, resolve));
      return;
    }
    found.groups.push(name === '' ? { path: '' } : withDescription({ path: name }, schema.description));
    for (const [key, property] of properties) {
      if (path.length === 0 && key.startsWith('$')) continue;
      walk(property, [...path, key]);
    }
  };
  walk(resolve(root), []);
  return found;
}

/**
 * The properties of an object with fixed keys, or undefined when `schema` is a value (a leaf): not an
 * object, or an object that also takes free keys. A union of objects (network: offline | allowlist)
 * gives the union of its members' properties; a key in several members with different constants
 * (`mode`) becomes an enum of them.
 */
function objectProperties(schema: JsonSchema, resolve: (schema: JsonSchema) => JsonSchema): [string, JsonSchema][] | undefined {
  const members = (schema.oneOf ?? schema.anyOf)?.map(resolve);
  if (members !== undefined) {
    if (members.length === 0 || !members.every((member) => isFixedObject(member))) return undefined;
    const merged = new Map<string, JsonSchema[]>();
    for (const member of members) {
      for (const [key, property] of Object.entries(member.properties ?? {})) merged.set(key, [...(merged.get(key) ?? []), resolve(property)]);
    }
    return [...merged].map(([key, variants]) => [key, mergeVariants(variants, memberDefault(schema.default, key))]);
  }
  return isFixedObject(schema) ? Object.entries(schema.properties ?? {}).map(([key, property]) => [key, resolve(property)]) : undefined;
}

function isFixedObject(schema: JsonSchema): boolean {
  return schema.type === 'object' && schema.properties !== undefined && schema.additionalProperties === false;
}

/**
 * One property seen in several union members: string constants merge into an enum; otherwise the first
 * member's schema with a description. A discriminator's default lives in the union's default
 * (`{ mode: 'offline' }`), so it is passed in.
 */
function mergeVariants(variants: JsonSchema[], fallback: unknown): JsonSchema {
  const first = variants[0] ?? {};
  let merged = variants.find((variant) => variant.description !== undefined) ?? first;
  if (variants.length > 1 && variants.every((variant) => typeof variant.const === 'string')) {
    const values = [...new Set(variants.map((variant) => variant.const as string))];
    merged = withDescription({ type: 'string', enum: values }, merged.description);
  }
  return fallback === undefined || merged.default !== undefined ? merged : { ...merged, default: fallback };
}

function memberDefault(unionDefault: unknown, key: string): unknown {
  return typeof unionDefault === 'object' && unionDefault !== null ? (unionDefault as Record<string, unknown>)[key] : undefined;
}

function describeSetting(path: string, schema: JsonSchema, resolve: (schema: JsonSchema) => JsonSchema): PolicySetting {
  const setting: PolicySetting = { path, kind: settingKind(schema, resolve), schema };
  if (schema.description !== undefined) setting.description = schema.description;
  if (schema.default !== undefined) setting.default = schema.default;
  if (setting.kind === 'enum') setting.values = enumValues(schema) ?? [];
  if (setting.kind === 'integer') {
    const constant = typeof schema.const === 'number' ? schema.const : undefined;
    const minimum = constant ?? schema.minimum;
    const maximum = constant ?? schema.maximum;
    if (minimum !== undefined) setting.minimum = minimum;
    if (maximum !== undefined) setting.maximum = maximum;
  }
  if (setting.kind === 'string' && schema.maxLength !== undefined) setting.maxLength = schema.maxLength;
  return setting;
}

function settingKind(schema: JsonSchema, resolve: (schema: JsonSchema) => JsonSchema): PolicySettingKind {
  if (enumValues(schema) !== undefined) return 'enum';
  if (schema.type === 'string') return 'string';
  if (schema.type === 'boolean') return 'boolean';
  if (schema.type === 'integer') return 'integer';
  if (schema.type === 'number' && Number.isInteger(schema.const)) return 'integer';
  if (schema.type === 'array' && schema.items !== undefined) {
    const items = resolve(schema.items);
    if (items.type === 'string') return 'stringList';
  }
  return 'json';
}

/** A string enum or string constant's values; undefined for anything else. */
function enumValues(schema: JsonSchema): string[] | undefined {
  if (typeof schema.const === 'string') return [schema.const];
  if (schema.enum !== undefined && schema.enum.length > 0 && schema.enum.every((value) => typeof value === 'string')) return schema.enum;
  return undefined;
}

/** Follows a local `#/$defs/...` reference (zod writes them for schemas registered with an id). */
export function resolveSchemaReference(root: JsonSchema, schema: JsonSchema): JsonSchema {
  let current = schema;
  for (let depth = 0; current.$ref !== undefined && depth < 32; depth += 1) {
    const match = /^#\/\$defs\/(.+)$/.exec(current.$ref);
    const target = match?.[1] === undefined ? undefined : root.$defs?.[match[1]];
    if (target === undefined) return current;
    const { $ref: _reference, ...rest } = current;
    current = { ...target, ...rest };
  }
  return current;
}

function withDescription<T extends object>(value: T, description: string | undefined): T & { description?: string } {
  return description === undefined ? value : { ...value, description };
}
