/**
 * The machine-wide policy file: what may leave this machine, and how. An administrator writes it (see
 * electron/core/policy/README.md and electron/core/policy/policy.schema.json); the app only reads it, and the user
 * cannot change it from the app. Every object is strict: a misspelt key is an error, and an invalid
 * file leaves Enclave offline rather than half-applied.
 */
import { z } from 'zod';

/** What the DLP scanner looks for before text leaves the machine. */
export const dlpDetectors = [
  'email',
  'phone',
  'ssn',
  'creditCard',
  'iban',
  'ipAddress',
  'dateOfBirth',
  'medicalRecordNumber',
  'customTerm',
] as const;
export type DlpDetector = (typeof dlpDetectors)[number];

/** Each detector in words, plural, for settings screens and messages ("2 e-mail addresses"). */
export const dlpDetectorLabels: Record<DlpDetector, string> = {
  email: 'e-mail addresses',
  phone: 'phone numbers',
  ssn: 'US social security numbers',
  creditCard: 'credit card numbers',
  iban: 'IBANs',
  ipAddress: 'IP addresses',
  dateOfBirth: 'dates of birth',
  medicalRecordNumber: 'medical record numbers',
  customTerm: 'custom terms',
};

/**
 * `block` stops the request; `redact` replaces the value with a placeholder before sending and puts it
 * back in the reply shown here; `warn` asks the user to confirm before sending it as it is.
 */
export const dlpActions = ['block', 'redact', 'warn'] as const;
export type DlpAction = (typeof dlpActions)[number];

const dlpAction = z.enum(dlpActions);

/** A remote endpoint base URL: http(s), no credentials, no query or fragment. */
const endpointUrl = z
  .string()
  .superRefine((raw, context) => {
    const problem = endpointProblem(raw);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  })
  .meta({ format: 'uri', examples: ['https://llm.internal.example/v1'] });

function endpointProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `"${raw}" is not a URL (write it in full, like https://llm.internal.example/v1)`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `"${raw}" must start with https:// (or http://)`;
  if (url.username !== '' || url.password !== '') return `"${raw}" must not contain a user name or password`;
  if (url.search !== '' || url.hash !== '') return `"${raw}" must not have a query (?…) or fragment (#…)`;
  return null;
}

const offlineNetworkSchema = z
  .strictObject({ mode: z.literal('offline') })
  .describe('No chat, prompt or document leaves the machine: local models only. The default. (A syslog collector named in audit.collector still receives the audit trail, which holds no content.)');

const allowlistNetworkSchema = z
  .strictObject({
    mode: z.literal('allowlist'),
    endpoints: z
      .array(endpointUrl)
      .min(1, 'network.endpoints must list at least one URL (or use "mode": "offline")')
      .describe(
        'Base URLs requests may go to. A URL is allowed when its scheme, host and port are equal and its path starts ' +
          'with the base path at a "/" boundary. http:// is allowed only where listed as such.',
      ),
    apiKeyEnvironmentVariables: z
      .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name: letters, digits and _'))
      .max(100)
      .default([])
      .describe(
        'Environment variables the app may read endpoint API keys from when an endpoint is added in the window. ' +
          'A user can name another variable only at the command line (enclave endpoints add --api-key-env).',
      ),
  })
  .describe('Requests may go to the listed endpoints only, after the DLP checks.');

const networkPolicySchema = z
  .discriminatedUnion('mode', [offlineNetworkSchema, allowlistNetworkSchema], {
    error: 'network.mode must be "offline" or "allowlist"',
  })
  .prefault({ mode: 'offline' })
  .describe('Where requests may go: nowhere ("offline", the default) or the listed endpoints ("allowlist").');

/** Every detector's action; an unlisted detector blocks, the safe choice when nobody said otherwise. */
const dlpDetectorActionsSchema = z
  .strictObject(
    Object.fromEntries(dlpDetectors.map((detector) => [detector, dlpAction.default('block')])) as Record<
      DlpDetector,
      z.ZodDefault<typeof dlpAction>
    >,
  )
  .prefault({})
  .describe('What to do with each kind of finding: "block", "redact" or "warn". Unlisted detectors block.');

const medicalRecordNumberPattern = z
  .string()
  .min(1)
  .superRefine((source, context) => {
    const problem = patternProblem(source);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

function patternProblem(source: string): string | null {
  let pattern: RegExp;
  try {
    pattern = new RegExp(source, 'u');
  } catch (error) {
    return `"${source}" is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`;
  }
  // A pattern that matches nothing at all would match everywhere.
  if (pattern.test('')) return `"${source}" matches empty text; it must match at least one character`;
  return null;
}

const dlpPolicySchema = z
  .strictObject({
    actions: dlpDetectorActionsSchema,
    customTerms: z
      .array(z.string().trim().min(1, 'a custom term must not be empty'))
      .default([])
      .describe('Words or phrases to treat as sensitive (project names, client names): case-insensitive, whole words.'),
    medicalRecordNumberPatterns: z
      .array(medicalRecordNumberPattern)
      .default([])
      .describe(
        'JavaScript regular expressions (Unicode mode, case-sensitive) for this organisation\'s medical record ' +
          'numbers, e.g. "\\\\bMRN[- ]?\\\\d{6,10}\\\\b". Without any, the medicalRecordNumber detector finds nothing.',
      ),
    allowDocumentPassages: z
      .boolean()
      .default(false)
      .describe('Whether passages from local documents may be sent to a remote endpoint. When false, chats over documents stay local.'),
  })
  .prefault({})
  .describe('Data-loss prevention: checks on every text before it leaves the machine.');

const routingPolicySchema = z
  .strictObject({
    confidentialCollectionsStayLocal: z
      .boolean()
      .default(true)
      .describe('Chats over a collection marked confidential always use a local model.'),
    dlpFindingsStayLocal: z
      .boolean()
      .default(false)
      .describe('A request with any DLP finding goes to a local model instead (the DLP actions then do not apply).'),
  })
  .prefault({})
  .describe('Which requests must stay on a local model even when remote endpoints are allowed.');

const storagePolicySchema = z
  .strictObject({
    encryption: z
      .enum(['required', 'optional'])
      .default('optional')
      .describe(
        'required: Enclave never writes an unencrypted database; a plain one is encrypted at start, and without an OS keychain or a ' +
          'passphrase to keep the key Enclave refuses to start and says why. optional (the default): a new database is encrypted ' +
          'whenever a keychain or passphrase is at hand, and the user may encrypt an older one.',
      ),
    allowPassphrase: z
      .boolean()
      .default(true)
      .describe('Whether a passphrase may wrap the database key (for the CLI, machines without a keychain, and recovery). false: the OS keychain only.'),
  })
  .prefault({})
  .describe('Encryption at rest of the database (chats, documents, vectors, indexes).');

const sha256Hex = z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be a SHA-256 in hex (64 characters)');

/** A model file IT approved, by the SHA-256 `enclave models info` shows (of its parts in order, for a split model). */
const approvedModelSchema = z.strictObject({
  sha256: sha256Hex.describe('The SHA-256 of the model file, as "enclave models info" shows it; for a split model, of its parts in order.'),
  name: z.string().trim().min(1).max(200).optional().describe('What the model is, for people reading the policy.'),
});

const modelsPolicySchema = z
  .strictObject({
    allowed: z
      .array(approvedModelSchema)
      .max(10000)
      .optional()
      .describe('The approved model files and LoRA adapters, by SHA-256. Models bundled with the installer are approved without being listed.'),
    allowSideloaded: z
      .boolean()
      .optional()
      .describe(
        'Whether files not listed in "allowed" (imported, linked, or given by path) may load. Default: true without "allowed", ' +
          'false with it. When false, only listed and bundled models load, and a model loads with adapters only when each is listed too.',
      ),
  })
  .describe('Which model files may load.');

/** The longest retention a policy may set: about 270 years, so days in milliseconds stay exact. */
const maxRetentionDays = 100_000;

const retentionPolicySchema = z
  .strictObject({
    chatDays: z
      .int()
      .min(1)
      .max(maxRetentionDays)
      .optional()
      .describe(
        'Chats whose last activity is more than this many days ago are erased, as by "delete": when Enclave starts and daily while it runs, ' +
          'each erasure an audit entry. Absent: chats are kept until the user deletes them.',
      ),
  })
  .describe('How long chats are kept.');

const exportPolicySchema = z
  .strictObject({
    allowed: z
      .boolean()
      .optional()
      .describe(
        'Whether chats may be exported to files (the window\'s Export, "enclave chats export"). Default true. ' +
          'The audit trail\'s export stays allowed: it holds no chat content, and it is what auditors ask for.',
      ),
  })
  .describe('Whether chats may leave the app as files.');

/** A host name or an IP address, as a syslog collector is named: no scheme, port, path or spaces. */
const collectorHost = z
  .string()
  .min(1)
  .max(253)
  .regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|[0-9A-Fa-f:.]+)$/, 'a host name or IP address, like siem.internal.example');

const auditCollectorSchema = z
  .strictObject({
    host: collectorHost.describe('The collector\'s host name or IP address.'),
    port: z.int().min(1).max(65535).optional().describe('Its port; default 6514 for TLS (RFC 5425), 514 for TCP.'),
    transport: z
      .enum(['tls', 'tcp'])
      .default('tls')
      .describe('"tls" (the default: syslog over TLS, the server certificate checked) or "tcp" (plain text, for a collector on a trusted network).'),
    caFile: z
      .string()
      .min(1)
      .optional()
      .describe('A PEM file of the certificate authorities that sign the collector\'s certificate, when it is not one the OS trusts.'),
  })
  .describe(
    'A syslog collector (a SIEM) every audit entry is forwarded to, as RFC 5424 lines with octet-counting framing (RFC 6587). ' +
      'It is the one destination this section opens, whatever network.mode says; entries wait in the database while it is unreachable.',
  );

const auditPolicySchema = z
  .strictObject({
    enabled: z.boolean().optional().describe('Reserved: keep an audit record of every request sent to a remote endpoint.'),
    retentionDays: z
      .int()
      .min(1)
      .optional()
      .describe(
        'Audit entries older than this many days are deleted when Enclave starts; the rest still verifies. Absent: kept for good. ' +
          'Entries not yet delivered to the collector are kept until they are.',
      ),
    collector: auditCollectorSchema.optional(),
  })
  .describe('The audit trail, which is always kept: how long its entries are kept.');

const apiServerPolicySchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(false)
      .describe(
        'Whether Enclave may serve its local models over an OpenAI-compatible HTTP API (Settings, "enclave serve") to programs on ' +
          'this machine, each with a bearer token of its own, every request an audit entry. Default false: no server.',
      ),
    allowLan: z
      .boolean()
      .default(false)
      .describe('Whether the server may listen on other network interfaces than loopback (127.0.0.1). Default false.'),
    allowedOrigins: z
      .array(
        z
          .string()
          .regex(/^https?:\/\/[^/\s]+$/, 'an origin: a scheme and host, with a port when not the default, no path')
          .meta({ examples: ['https://notebook.internal.example'] }),
      )
      .max(100)
      .default([])
      .describe('Web origins (https://notebook.internal.example) whose pages may call the server from a browser (CORS). Default none.'),
    maxConcurrentRequests: z
      .int()
      .min(1)
      .max(64)
      .default(4)
      .describe('Requests the server runs at once; more wait in turn, fairly between clients, behind the window\'s own use. Default 4.'),
  })
  .prefault({})
  .describe('The local OpenAI-compatible API. It only ever uses local models: a request through it never reaches a remote endpoint.');

export const policySchema = z
  .strictObject({
    $schema: z.string().optional().describe('For editors: the JSON Schema this file follows.'),
    version: z.literal(1).optional().describe('The policy format version; 1 for now.'),
    name: z.string().trim().min(1).max(200).optional().describe('Shown to users as who manages this policy, e.g. "Contoso IT".'),
    network: networkPolicySchema,
    dlp: dlpPolicySchema,
    routing: routingPolicySchema,
    storage: storagePolicySchema,
    models: modelsPolicySchema.optional(),
    retention: retentionPolicySchema.optional(),
    export: exportPolicySchema.optional(),
    audit: auditPolicySchema.optional(),
    apiServer: apiServerPolicySchema,
  })
  .meta({
    title: 'Enclave machine policy',
    description:
      'Machine-wide policy for Enclave, read from /etc/enclave/policy.json and policy.d/*.json (Linux), ' +
      '%ProgramData%\\Enclave\\policy.json and HKLM\\SOFTWARE\\Policies\\Enclave (Windows), or ' +
      '/Library/Application Support/Enclave/policy.json and the managed preferences of org.enclave.desktop (macOS). ' +
      'Without a file, or with an invalid one, Enclave stays offline.',
  });

/** The file as an administrator writes it: every section optional. */
export type PolicyFile = z.input<typeof policySchema>;
/** The policy in force, every default filled in. */
export type Policy = z.output<typeof policySchema>;
export type NetworkPolicy = Policy['network'];
export type DlpPolicy = Policy['dlp'];
export type RoutingPolicy = Policy['routing'];
export type ApiServerPolicy = Policy['apiServer'];

/** The policy with no file: offline, every DLP detector blocking, documents and confidential chats local. */
export function defaultPolicy(): Policy {
  return policySchema.parse({});
}

/** The JSON Schema published as electron/core/policy/policy.schema.json, for editors and administrators' tooling. */
export function policyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(policySchema, { io: 'input', target: 'draft-2020-12' });
}

/**
 * One source merged into the policy: a JSON file, the Group Policy registry key (Windows) or the
 * managed preferences a configuration profile installs (macOS).
 */
export interface PolicyLayer {
  kind: 'file' | 'registry' | 'managed-preferences';
  /** The file's path, or the registry key. */
  location: string;
  /** SHA-256 of its content, hex: the file's bytes, or the registry values as sorted JSON. */
  sha256: string;
}

/**
 * Where the policy came from, and whether it applies. `missing` and `invalid` both leave the default
 * (offline) policy in force; `invalid` says why.
 */
export interface PolicySource {
  /** The OS's policy file (or ENCLAVE_POLICY_FILE's), read or looked for; `layers` lists every source read. */
  path: string;
  /** `machine`: the OS-wide sources; `environment`: ENCLAVE_POLICY_FILE (development and test builds only). */
  origin: 'machine' | 'environment';
  status: 'missing' | 'loaded' | 'invalid';
  /** For `invalid`: what is wrong, with the source and the line or field, in plain words. */
  error?: string;
  /** The sources merged, lowest precedence first; absent or empty when none was found. */
  layers?: PolicyLayer[];
}

/** One setting the policy fixes, for the settings screen to show greyed out with the reason. */
export interface LockedSetting {
  /** Stable key for the UI: `network`, `dlp.actions.email`, `routing.dlpFindingsStayLocal`, … */
  key: string;
  /** What the setting is, in words. */
  label: string;
  /** Its value in force, in words. */
  value: string;
  /** Who set it, for "Set by …": the policy's `name` ("Contoso IT"), "the machine policy", or Enclave's default. */
  setBy: string;
}

export interface PolicyLocks {
  /** One sentence on why these settings cannot be changed here: the policy file, or its absence. */
  reason: string;
  settings: LockedSetting[];
}
