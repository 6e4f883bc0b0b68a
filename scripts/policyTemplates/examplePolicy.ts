/**
 * A full example policy, built from the policy's JSON Schema: every setting present, so the templates
 * show every key. A value comes from, in order: `exampleValues` below (a realistic choice where the
 * schema cannot suggest one), the schema's `examples`, its default, its constant or first choice, or a
 * placeholder by type. The result must pass `policySchema`; when a new key's placeholder does not (a
 * pattern, say), the generator fails and names the key, asking for an example.
 */
import { type PolicyFile, policyJsonSchema, policySchema } from '../../electron/shared/policy.js';
import { type JsonSchema, resolveSchemaReference } from '../../electron/core/policy/policySettings.js';

/** Example values by dotted path, for settings whose schema has no example that reads well. */
export const exampleValues: Readonly<Record<string, unknown>> = {
  name: 'Contoso IT',
  'network.apiKeyEnvironmentVariables': ['CONTOSO_LLM_API_KEY'],
  'dlp.actions.email': 'redact',
  'dlp.actions.phone': 'redact',
  'dlp.actions.ipAddress': 'warn',
  'dlp.customTerms': ['Project Falcon', 'Orion Holdings'],
  'dlp.medicalRecordNumberPatterns': ['\\bMRN[- ]?\\d{6,10}\\b'],
  'storage.encryption': 'required',
  'models.allowed': [{ sha256: '9f2c4e1a7b3d5f60818e2a4c6b8d0f1e3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b', name: 'Contoso approved 8B Q4_K_M' }],
  'retention.chatDays': 90,
  'audit.retentionDays': 365,
  'audit.collector.host': 'siem.internal.example',
  'audit.collector.port': 6514,
  'audit.collector.caFile': '/etc/enclave/siem-ca.pem',
};

/** The example policy for `schema` (the app's by default), checked against `policySchema`. */
export function examplePolicy(schema: JsonSchema = policyJsonSchema(), overrides: Readonly<Record<string, unknown>> = exampleValues): PolicyFile {
  const used = new Set<string>();
  const example = exampleFor(schema, [], { root: schema, overrides, used });
  const unused = Object.keys(overrides).filter((path) => !used.has(path));
  if (unused.length > 0) {
    throw new Error(`scripts/policyTemplates/examplePolicy.ts: exampleValues names settings the policy schema does not have: ${unused.join(', ')}. Remove or rename them.`);
  }
  const checked = policySchema.safeParse(example);
  if (!checked.success) {
    const problems = checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(
      `The example policy does not pass the schema (${problems}). Give those settings an example: .meta({ examples: [...] }) ` +
        'in electron/shared/policy.ts, or an entry in exampleValues in scripts/policyTemplates/examplePolicy.ts.',
    );
  }
  return example as PolicyFile;
}

interface ExampleContext {
  root: JsonSchema;
  overrides: Readonly<Record<string, unknown>>;
  used: Set<string>;
}

function exampleFor(schema: JsonSchema, path: string[], context: ExampleContext): unknown {
  const name = path.join('.');
  if (Object.hasOwn(context.overrides, name)) {
    context.used.add(name);
    return context.overrides[name];
  }
  const resolved = resolveSchemaReference(context.root, schema);
  const members = resolved.oneOf ?? resolved.anyOf;
  // A union shows its fullest member: allowlist, with its endpoints, rather than offline.
  if (members !== undefined && members.length > 0) return exampleFor(fullestMember(members, context.root), path, context);
  if (resolved.type === 'object' && resolved.properties !== undefined) {
    const entries = Object.entries(resolved.properties).filter(([key]) => !(path.length === 0 && key.startsWith('$')));
    return Object.fromEntries(entries.map(([key, property]) => [key, exampleFor(property, [...path, key], context)]));
  }
  if (resolved.examples?.[0] !== undefined) return resolved.examples[0];
  if (resolved.const !== undefined) return resolved.const;
  if (resolved.default !== undefined && !(Array.isArray(resolved.default) && resolved.default.length === 0)) return resolved.default;
  if (resolved.enum?.[0] !== undefined) return resolved.enum[0];
  return placeholder(resolved, path, context);
}

function placeholder(schema: JsonSchema, path: string[], context: ExampleContext): unknown {
  switch (schema.type) {
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'array':
      return schema.items === undefined ? [] : [exampleFor(schema.items, [...path, '0'], context)];
    case 'object': {
      const values = schema.additionalProperties;
      return typeof values === 'object' ? { example: exampleFor(values, [...path, 'example'], context) } : {};
    }
    default:
      return schema.format === 'uri' ? 'https://example.org/' : 'example';
  }
}

function fullestMember(members: JsonSchema[], root: JsonSchema): JsonSchema {
  const resolved = members.map((member) => resolveSchemaReference(root, member));
  const size = (member: JsonSchema): number => Object.keys(member.properties ?? {}).length;
  return resolved.reduce((fullest, member) => (size(member) > size(fullest) ? member : fullest));
}
