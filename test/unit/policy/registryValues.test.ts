import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { policySettings, type JsonSchema } from '../../../electron/core/policy/policySettings.js';
import { policyFromRegistryValues, type RegistryValue, registryValuesFromPolicy } from '../../../electron/core/policy/registryValues.js';
import { policySchema } from '../../../electron/shared/policy.js';
import { examplePolicy } from '../../../scripts/policyTemplates/examplePolicy.js';
import { valueAtPath } from '../../../scripts/policyTemplates/xml.js';

const values = (entries: Record<string, RegistryValue>) => new Map(Object.entries(entries));

function settingOfKind(kind: string): string {
  const setting = policySettings().settings.find((candidate) => candidate.kind === kind);
  if (setting === undefined) throw new Error(`the policy schema has no ${kind} setting to test with`);
  return setting.path;
}

describe('the policy as registry values under HKLM\\SOFTWARE\\Policies\\Enclave', () => {
  it('round-trips the full example policy through the registry to the same policy', () => {
    const example = examplePolicy();
    const registry = registryValuesFromPolicy(example);
    const { policy, problems } = policyFromRegistryValues(registry);
    expect(problems).toEqual([]);
    expect(policySchema.parse(policy)).toEqual(policySchema.parse(example));
  });

  it('names values by dotted path and stores each kind in its registry type', () => {
    const registry = registryValuesFromPolicy({
      name: 'Contoso IT',
      network: { mode: 'allowlist', endpoints: ['https://llm.internal.example/v1'] },
      dlp: { actions: { email: 'redact' }, allowDocumentPassages: true },
      audit: { retentionDays: 30 },
    });
    expect(registry.get('name')).toEqual({ type: 'REG_SZ', value: 'Contoso IT' });
    expect(registry.get('network.mode')).toEqual({ type: 'REG_SZ', value: 'allowlist' });
    expect(registry.get('network.endpoints')).toEqual({ type: 'REG_MULTI_SZ', value: ['https://llm.internal.example/v1'] });
    expect(registry.get('dlp.actions.email')).toEqual({ type: 'REG_SZ', value: 'redact' });
    expect(registry.get('dlp.allowDocumentPassages')).toEqual({ type: 'REG_DWORD', value: 1 });
    expect(registry.get('audit.retentionDays')).toEqual({ type: 'REG_DWORD', value: 30 });
    expect(registry.has('routing.dlpFindingsStayLocal')).toBe(false);
  });

  it('reads a structured setting as JSON in a REG_SZ', () => {
    const path = settingOfKind('json');
    const example = examplePolicy();
    const encoded = registryValuesFromPolicy(example).get(path);
    expect(encoded?.type).toBe('REG_SZ');
    const { policy, problems } = policyFromRegistryValues(values({ [path]: encoded ?? { type: 'REG_SZ', value: '' } }));
    expect(problems).toEqual([]);
    expect(valueAtPath(policy, path)).toEqual(valueAtPath(example, path));
  });

  it('reads names case-insensitively, as the registry does, and REG_EXPAND_SZ as text, unexpanded', () => {
    const { policy, problems } = policyFromRegistryValues(
      values({ 'Network.Mode': { type: 'REG_SZ', value: 'offline' }, name: { type: 'REG_EXPAND_SZ', value: '%USERNAME% IT' } }),
    );
    expect(problems).toEqual([]);
    expect(policy).toEqual({ network: { mode: 'offline' }, name: '%USERNAME% IT' });
  });

  it('reports every value it cannot use, naming it, and leaves it out', () => {
    const { policy, problems } = policyFromRegistryValues(
      values({
        'network.endpionts': { type: 'REG_MULTI_SZ', value: ['https://x.example'] },
        'network.mode': { type: 'REG_DWORD', value: 1 },
        'dlp.allowDocumentPassages': { type: 'REG_DWORD', value: 2 },
        'routing.dlpFindingsStayLocal': { type: 'REG_SZ', value: 'true' },
        'network.endpoints': { type: 'REG_SZ', value: 'https://llm.internal.example/v1' },
        'audit.retentionDays': { type: 'REG_DWORD', value: 'thirty' },
        [settingOfKind('json')]: { type: 'REG_SZ', value: '[{' },
        'dlp.customTerms': { type: 'REG_MULTI_SZ', value: 'Falcon' },
        'storage.encryption': { type: 'REG_SZ', value: 'required' },
      }),
    );
    expect(policy).toEqual({ storage: { encryption: 'required' } });
    expect(problems).toEqual([
      expect.stringMatching(/^HKLM\\SOFTWARE\\Policies\\Enclave\\network\.endpionts: not a policy setting/),
      expect.stringMatching(/\\network\.mode: is REG_DWORD; a choice \("offline", "allowlist"\) is REG_SZ$/),
      expect.stringMatching(/\\dlp\.allowDocumentPassages: is 2; an on\/off setting is REG_DWORD 1 \(true\) or 0 \(false\)$/),
      expect.stringMatching(/\\routing\.dlpFindingsStayLocal: is REG_SZ; an on\/off setting is REG_DWORD$/),
      expect.stringMatching(/\\network\.endpoints: is REG_SZ; a list of texts is REG_MULTI_SZ$/),
      expect.stringMatching(/\\audit\.retentionDays: is REG_DWORD holding "thirty", not a whole number$/),
      expect.stringMatching(/: is not valid JSON \(.+\); a structured setting is REG_SZ holding JSON$/),
      expect.stringMatching(/\\dlp\.customTerms: is REG_MULTI_SZ holding "Falcon", not a list of texts$/),
    ]);
  });

  it('leaves range and choice checks to the policy schema, which names the setting', () => {
    const { policy, problems } = policyFromRegistryValues(values({ 'storage.encryption': { type: 'REG_SZ', value: 'sometimes' } }));
    expect(problems).toEqual([]);
    const checked = policySchema.safeParse(policy);
    expect(checked.success).toBe(false);
    expect(checked.error?.issues[0]?.path).toEqual(['storage', 'encryption']);
  });
});

describe('the settings, read from the JSON Schema', () => {
  it('cover keys the schema gains, with their kinds, without code changes', () => {
    const schema = z.strictObject({
      name: z.string().describe('Who manages it.'),
      later: z
        .strictObject({
          limit: z.int().min(2).max(9),
          on: z.boolean().default(true),
          tags: z.array(z.string()),
          level: z.enum(['low', 'high']),
          rules: z.array(z.strictObject({ id: z.string() })),
          labels: z.record(z.string(), z.string()),
          ratio: z.number(),
        })
        .optional(),
      link: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('none') }),
        z.strictObject({ kind: z.literal('url'), url: z.string().describe('Where.') }),
      ]),
    });
    const { settings, groups } = policySettings(z.toJSONSchema(schema, { io: 'input' }) as JsonSchema);
    expect(groups.map((group) => group.path)).toEqual(['', 'later', 'link']);
    expect(settings.map(({ path, kind, values, minimum, maximum }) => ({ path, kind, values, minimum, maximum }))).toEqual([
      { path: 'name', kind: 'string', values: undefined, minimum: undefined, maximum: undefined },
      { path: 'later.limit', kind: 'integer', values: undefined, minimum: 2, maximum: 9 },
      { path: 'later.on', kind: 'boolean', values: undefined, minimum: undefined, maximum: undefined },
      { path: 'later.tags', kind: 'stringList', values: undefined, minimum: undefined, maximum: undefined },
      { path: 'later.level', kind: 'enum', values: ['low', 'high'], minimum: undefined, maximum: undefined },
      { path: 'later.rules', kind: 'json', values: undefined, minimum: undefined, maximum: undefined },
      { path: 'later.labels', kind: 'json', values: undefined, minimum: undefined, maximum: undefined },
      { path: 'later.ratio', kind: 'json', values: undefined, minimum: undefined, maximum: undefined },
      { path: 'link.kind', kind: 'enum', values: ['none', 'url'], minimum: undefined, maximum: undefined },
      { path: 'link.url', kind: 'string', values: undefined, minimum: undefined, maximum: undefined },
    ]);
  });

  it('leave out $schema, which describes the JSON file rather than the policy', () => {
    expect(policySettings().settings.map((setting) => setting.path)).not.toContain('$schema');
  });
});
