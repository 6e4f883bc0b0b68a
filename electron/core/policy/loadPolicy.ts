import { defaultPolicy, type Policy, type PolicyLayer, policySchema, type PolicySource } from '../../shared/policy.js';
import { describeIssues } from './describeIssues.js';
import { type MachineAccess, nodeMachineAccess } from './machineAccess.js';
import { isPlainObject, mergeLayers } from './mergeLayers.js';
import { type PolicyReadOptions, type PolicySources, policySources } from './policySources.js';
import { readSources, sha256Of } from './readSources.js';

export interface LoadedPolicy {
  /** The policy in force: the sources' merge, or the default (offline) one when none exists or one is invalid. */
  policy: Policy;
  source: PolicySource;
  /**
   * SHA-256 of the policy's content, hex, for the audit trail (which policy was in force, without its
   * text): with one source, the hash of its content (a file's bytes); with several, the hash of the
   * lines `<kind> <location> <sha256>\n`, one per source in precedence order (`combinedSha256`).
   * Absent when no source exists or none could be read.
   */
  sha256?: string;
}

/**
 * Reads the machine policy from every source of this OS (policySources.ts) and merges them
 * (mergeLayers.ts). Never throws: no source at all means the default policy (offline), and a source
 * that cannot be read, is not JSON or breaks the schema also leaves Enclave offline, with
 * `source.error` naming the source and what is wrong (line, field), so a typo never opens the network.
 */
export function loadPolicy(options: PolicyReadOptions = {}): LoadedPolicy {
  return loadPolicyFrom(policySources(options), options.access ?? nodeMachineAccess);
}

/** `loadPolicy` from sources already located (the watcher locates them once: ProgramData does not move). */
export function loadPolicyFrom(located: PolicySources, access: MachineAccess): LoadedPolicy {
  const reads = readSources(located.sources, access);
  const layers = reads.flatMap(({ kind, location, sha256 }): PolicyLayer[] => (sha256 === undefined ? [] : [{ kind, location, sha256 }]));
  const sha256 = combinedSha256(layers);
  const where = { path: located.path, origin: located.origin, ...(layers.length > 0 ? { layers } : {}) };
  const result = (status: PolicySource['status'], policy: Policy, error?: string): LoadedPolicy => ({
    policy,
    source: { ...where, status, ...(error === undefined ? {} : { error }) },
    ...(sha256 === undefined ? {} : { sha256 }),
  });

  const errors = reads.flatMap((read) => read.error ?? []);
  if (errors.length > 0) return result('invalid', defaultPolicy(), errors.join(' '));
  if (reads.length === 0) return result('missing', defaultPolicy());
  // A source that is not an object cannot be merged: checked alone, it says so in the schema's words.
  const notObject = reads.find((read) => !isPlainObject(read.value));
  if (notObject) {
    const alone = policySchema.safeParse(notObject.value);
    return result('invalid', defaultPolicy(), alone.success ? 'The machine policy is invalid.' : describeIssues(alone.error.issues, [notObject]));
  }
  const checked = policySchema.safeParse(mergeLayers(reads.map((read) => read.value)));
  if (!checked.success) return result('invalid', defaultPolicy(), describeIssues(checked.error.issues, reads));
  return result('loaded', checked.data);
}

/**
 * One hash for the policy's content across its sources: the one source's own hash (so a single file's
 * entry in the audit trail is simply its SHA-256), else SHA-256 over `<kind> <location> <sha256>\n`
 * per source, lowest precedence first. Undefined with no source.
 */
export function combinedSha256(layers: readonly PolicyLayer[]): string | undefined {
  if (layers.length <= 1) return layers[0]?.sha256;
  return sha256Of(layers.map((layer) => `${layer.kind} ${layer.location} ${layer.sha256}\n`).join(''));
}
