import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';
import { describe, expect, it } from 'vitest';
import { policySettings } from '../../../electron/core/policy/policySettings.js';
import { policyFromRegistryValues, registryTypeOfKind, registryValuesFromPolicy } from '../../../electron/core/policy/registryValues.js';
import { policySchema } from '../../../electron/shared/policy.js';
import { bundleId, renderPolicyTemplates } from '../../../scripts/policy-templates.js';
import { examplePolicy, exampleValues } from '../../../scripts/policyTemplates/examplePolicy.js';
import { valueAtPath } from '../../../scripts/policyTemplates/xml.js';

const files = new Map(renderPolicyTemplates().map((file) => [file.path, file.content]));
const leaves = policySettings().settings.map((setting) => setting.path);

function file(path: string): string {
  const content = files.get(path);
  if (content === undefined) throw new Error(`npm run policy:templates does not write ${path}`);
  return content;
}

type XmlNode = Record<string, unknown>;

/** Elements as lists, attributes as plain keys, text untouched: enough to walk ADMX and ADML. */
const admxParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name, _path, _isLeaf, isAttribute) =>
    !isAttribute && ['category', 'policy', 'string', 'presentation', 'item', 'enum', 'text', 'decimal', 'boolean', 'multiText'].includes(name),
});

function list(node: unknown, key: string): XmlNode[] {
  const value = (node as XmlNode | undefined)?.[key];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function child(node: unknown, key: string): XmlNode {
  return ((node as XmlNode | undefined)?.[key] ?? {}) as XmlNode;
}

const admx = child(admxParser.parse(file('enclave.admx')), 'policyDefinitions');
const adml = child(child(admxParser.parse(file('en-US/enclave.adml')), 'policyDefinitionResources'), 'resources');
const policies = list(child(admx, 'policies'), 'policy');
const elementKinds = ['enum', 'text', 'decimal', 'boolean', 'multiText'] as const;
/** What each ADMX element writes to the registry. */
const registryTypeOfElement: Record<(typeof elementKinds)[number], string> = {
  enum: 'REG_SZ',
  text: 'REG_SZ',
  decimal: 'REG_DWORD',
  boolean: 'REG_DWORD',
  multiText: 'REG_MULTI_SZ',
};
const admxElements = policies.flatMap((policy) =>
  elementKinds.flatMap((kind) => list(child(policy, 'elements'), kind).map((element) => ({ policy, kind, element }))),
);

function textOf(node: XmlNode): string {
  const text = node['#text'];
  return typeof text === 'string' ? text : '';
}

/** A property list's XML (fast-xml-parser's ordered form) as the value it holds. */
function plistValue(node: XmlNode): unknown {
  const tag = Object.keys(node).find((key) => key !== ':@') ?? '';
  const children = (node[tag] ?? []) as XmlNode[];
  const text = (): string => children.map(textOf).join('');
  switch (tag) {
    case 'string':
      return text();
    case 'integer':
    case 'real':
      return Number(text());
    case 'true':
      return true;
    case 'false':
      return false;
    case 'array':
      return children.map(plistValue);
    case 'dict': {
      const entries: [string, unknown][] = [];
      for (let index = 0; index < children.length; index += 2) {
        const key = children[index];
        const value = children[index + 1];
        if (key?.key === undefined || value === undefined) throw new Error(`a <dict> entry at ${index} is not a <key> and a value`);
        entries.push([(key.key as XmlNode[]).map(textOf).join(''), plistValue(value)]);
      }
      return Object.fromEntries(entries);
    }
    default:
      throw new Error(`unexpected property list element <${tag}>`);
  }
}

function readMobileconfig(): Record<string, unknown> {
  const parsed = new XMLParser({ preserveOrder: true, parseTagValue: false, ignoreAttributes: false }).parse(file('enclave.mobileconfig')) as XmlNode[];
  const plist = parsed.find((node) => 'plist' in node);
  const root = (plist?.plist as XmlNode[] | undefined)?.[0];
  if (root === undefined) throw new Error('enclave.mobileconfig has no <plist> value');
  return plistValue(root) as Record<string, unknown>;
}

describe('npm run policy:templates', () => {
  it('writes the four templates under out/policy-templates/', () => {
    expect([...files.keys()].sort()).toEqual(['en-US/enclave.adml', 'enclave.admx', 'enclave.mobileconfig', 'policy.example.json']);
  });

  it('writes well-formed XML', () => {
    for (const path of ['enclave.admx', 'en-US/enclave.adml', 'enclave.mobileconfig']) {
      const xml = file(path);
      expect(() => SyntaxValidator.validate(xml, { xmlDeclaraion: { optional: false }, multipleRoots: false })).not.toThrow();
      // The validator accepts any &name;, but XML without a DTD of its own knows only these five.
      expect({ path, entities: [...xml.matchAll(/&([^;\s]*);/g)].map((match) => match[1]).filter((name) => !/^(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+)$/i.test(name ?? '')) }).toEqual({ path, entities: [] });
    }
  });
});

describe('enclave.admx and en-US/enclave.adml', () => {
  it('declare the Enclave.Policies namespace and write machine policy under SOFTWARE\\Policies\\Enclave', () => {
    expect(child(child(admx, 'policyNamespaces'), 'target')).toEqual({ prefix: 'enclave', namespace: 'Enclave.Policies' });
    expect(new Set(policies.map((policy) => `${String(policy.class)} ${String(policy.key)}`))).toEqual(new Set(['Machine SOFTWARE\\Policies\\Enclave']));
  });

  it('have one policy per setting, its value named by the dotted path, in the type the registry reader expects', () => {
    const written = admxElements.map(({ element }) => element.valueName);
    expect(written).toEqual(leaves);
    for (const setting of policySettings().settings) {
      const found = admxElements.find(({ element }) => element.valueName === setting.path);
      expect({ path: setting.path, type: found && registryTypeOfElement[found.kind] }).toEqual({ path: setting.path, type: registryTypeOfKind[setting.kind] });
    }
  });

  it('reference only strings, presentations and categories that exist, once each', () => {
    const strings = list(child(adml, 'stringTable'), 'string').map((entry) => String(entry.id));
    const presentations = list(child(adml, 'presentationTable'), 'presentation');
    expect(new Set(strings).size).toBe(strings.length);
    expect(new Set(presentations.map((presentation) => presentation.id)).size).toBe(presentations.length);

    const admxText = file('enclave.admx');
    const stringReferences = [...admxText.matchAll(/\$\(string\.([^)]+)\)/g)].map((match) => match[1]);
    const presentationReferences = [...admxText.matchAll(/\$\(presentation\.([^)]+)\)/g)].map((match) => match[1]);
    expect(stringReferences.filter((id) => !strings.includes(String(id)))).toEqual([]);
    expect(presentationReferences.filter((id) => !presentations.some((presentation) => presentation.id === id))).toEqual([]);

    const categories = list(child(admx, 'categories'), 'category').map((category) => category.name);
    const parents = [...admxText.matchAll(/<parentCategory ref="([^"]+)"/g)].map((match) => match[1]);
    expect(parents.filter((name) => !categories.includes(name))).toEqual([]);
    const supportedOn = child(child(child(admx, 'supportedOn'), 'definitions'), 'definition').name;
    expect(policies.filter((policy) => child(policy, 'supportedOn').ref !== supportedOn)).toEqual([]);
  });

  it("give each policy a presentation whose controls are exactly its elements", () => {
    const presentations = list(child(adml, 'presentationTable'), 'presentation');
    for (const policy of policies) {
      const presentation = presentations.find((candidate) => `$(presentation.${String(candidate.id)})` === policy.presentation);
      const controls = Object.values(presentation ?? {}).filter((value): value is XmlNode => typeof value === 'object' && value !== null);
      const elementIds = elementKinds.flatMap((kind) => list(child(policy, 'elements'), kind).map((element) => element.id));
      expect({ policy: policy.name, refIds: controls.map((control) => control.refId) }).toEqual({ policy: policy.name, refIds: elementIds });
    }
  });

  it('explain each policy with its words from the schema and where it is written', () => {
    const strings = new Map(list(child(adml, 'stringTable'), 'string').map((entry) => [String(entry.id), String(entry['#text'])]));
    const endpoints = policies.find((policy) => policy.name === 'network_endpoints');
    const explain = strings.get(String(endpoints?.explainText).replace(/^\$\(string\.(.+)\)$/, '$1'));
    expect(explain).toContain('Base URLs requests may go to.');
    expect(explain).toContain('Registry: HKLM\\SOFTWARE\\Policies\\Enclave, value "network.endpoints" (REG_MULTI_SZ).');
  });
});

describe('policy.example.json', () => {
  const example = JSON.parse(file('policy.example.json')) as unknown;

  it('passes the policy schema and sets every setting', () => {
    expect(policySchema.safeParse(example).success).toBe(true);
    expect(leaves.filter((path) => valueAtPath(example, path) === undefined)).toEqual([]);
  });

  it('round-trips through the registry values Group Policy would write, to the same policy', () => {
    const registry = registryValuesFromPolicy(examplePolicy());
    const valueNames = new Set(admxElements.map(({ element }) => element.valueName));
    expect([...registry.keys()].filter((name) => !valueNames.has(name))).toEqual([]);
    const { policy, problems } = policyFromRegistryValues(registry);
    expect(problems).toEqual([]);
    expect(policySchema.parse(policy)).toEqual(policySchema.parse(example));
  });

  it('takes its hand-picked values only for settings the schema has', () => {
    expect(Object.keys(exampleValues).filter((path) => !leaves.some((leaf) => leaf === path || leaf.startsWith(`${path}.`)))).toEqual([]);
  });
});

describe('enclave.mobileconfig', () => {
  const profile = readMobileconfig();
  const payloads = profile.PayloadContent as Record<string, unknown>[];
  const uuid = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

  it('is a system configuration profile with one payload for the app bundle id', () => {
    expect(profile).toMatchObject({ PayloadType: 'Configuration', PayloadScope: 'System', PayloadVersion: 1 });
    expect(payloads).toHaveLength(1);
    expect(payloads[0]).toMatchObject({ PayloadType: bundleId(), PayloadVersion: 1 });
    expect(bundleId()).toBe('org.enclave.desktop');
    expect(String(profile.PayloadUUID)).toMatch(uuid);
    expect(String(payloads[0]?.PayloadUUID)).toMatch(uuid);
    expect(profile.PayloadUUID).not.toBe(payloads[0]?.PayloadUUID);
    expect(String(payloads[0]?.PayloadIdentifier)).toMatch(new RegExp(`^${String(profile.PayloadIdentifier).replace(/\./g, '\\.')}\\.`));
  });

  it('holds the example policy as nested dictionaries, every setting present, passing the schema', () => {
    const policy = Object.fromEntries(Object.entries(payloads[0] ?? {}).filter(([key]) => !key.startsWith('Payload')));
    expect(leaves.filter((path) => valueAtPath(policy, path) === undefined)).toEqual([]);
    expect(policySchema.parse(policy)).toEqual(policySchema.parse(examplePolicy()));
  });
});
