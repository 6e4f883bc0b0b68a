import {
  type ApiServerPolicy,
  type DlpAction,
  dlpDetectorLabels,
  dlpDetectors,
  type LockedSetting,
  type PolicyLocks,
  type PolicySource,
} from '../../shared/policy.js';
import type { LoadedPolicy } from './loadPolicy.js';
import { chatExportAllowed } from './chatExport.js';
import { modelApproval } from './modelApproval.js';

const actionWords: Record<DlpAction, string> = {
  block: 'block (the request is not sent)',
  redact: 'redact (replaced before sending, put back in the reply)',
  warn: 'warn (asks before sending)',
};

/**
 * Every setting the machine policy decides, with its value in force, who set it, and one reason they
 * are locked. All of them are locked, always: the app reads the policy and never writes it. Custom
 * terms and patterns are counted, not listed, as the terms themselves may be confidential; approved
 * models are counted too (their hashes say nothing to a reader).
 */
export function describePolicyLocks({ policy, source }: LoadedPolicy): PolicyLocks {
  const { network, dlp, routing } = policy;
  const values: Omit<LockedSetting, 'setBy'>[] = [
    {
      key: 'network',
      label: 'Remote endpoints',
      value: network.mode === 'offline' ? 'none: offline, local models only' : network.endpoints.join(', '),
    },
    ...dlpDetectors.map((detector) => ({
      key: `dlp.actions.${detector}`,
      label: `Data-loss prevention: ${dlpDetectorLabels[detector]}`,
      value: actionWords[dlp.actions[detector]],
    })),
    { key: 'dlp.customTerms', label: 'Custom sensitive terms', value: count(dlp.customTerms.length, 'term') },
    {
      key: 'dlp.medicalRecordNumberPatterns',
      label: 'Medical record number patterns',
      value: count(dlp.medicalRecordNumberPatterns.length, 'pattern'),
    },
    {
      key: 'dlp.allowDocumentPassages',
      label: 'Document passages sent to remote endpoints',
      value: dlp.allowDocumentPassages ? 'allowed' : 'never: chats over documents stay local',
    },
    {
      key: 'routing.confidentialCollectionsStayLocal',
      label: 'Confidential collections stay local',
      value: yesNo(routing.confidentialCollectionsStayLocal),
    },
    { key: 'routing.dlpFindingsStayLocal', label: 'Requests with DLP findings stay local', value: yesNo(routing.dlpFindingsStayLocal) },
    ...laterSections(policy),
    ...apiServerSettings(policy.apiServer),
  ];
  if (policy.audit?.enabled !== undefined) {
    values.push({ key: 'audit.enabled', label: 'Audit record of remote requests', value: yesNo(policy.audit.enabled) });
  }
  const setBy = whoSetIt({ policy, source });
  return { reason: lockReason({ policy, source }), settings: values.map((setting) => ({ ...setting, setBy })) };
}

/** Models, retention, export, storage and the audit trail: each shown whether the file sets it or not. */
function laterSections(policy: LoadedPolicy['policy']): Omit<LockedSetting, 'setBy'>[] {
  const approval = modelApproval(policy);
  const listed = policy.models?.allowed?.length ?? 0;
  const collector = policy.audit?.collector;
  return [
    {
      key: 'models.allowed',
      label: 'Approved models',
      value: approval.restricted
        ? `${count(listed, 'listed model')} and those bundled with Enclave; no other model loads`
        : listed > 0
          ? `${count(listed, 'listed model')}; other models may load too`
          : 'any model: no approved list',
    },
    { key: 'models.allowSideloaded', label: 'Models not on the approved list', value: approval.restricted ? 'do not load' : 'may load' },
    {
      key: 'retention.chatDays',
      label: 'Chats kept for',
      value:
        policy.retention?.chatDays === undefined
          ? 'until the user deletes them'
          : `${count(policy.retention.chatDays, 'day')} after their last activity, then erased`,
    },
    { key: 'export.allowed', label: 'Chat export', value: chatExportAllowed(policy) ? 'allowed' : 'not allowed' },
    {
      key: 'storage.encryption',
      label: 'Database encryption',
      value: policy.storage.encryption === 'required' ? 'required' : 'optional (encrypted whenever a keychain or passphrase is at hand)',
    },
    { key: 'storage.allowPassphrase', label: 'Passphrase for the database key', value: policy.storage.allowPassphrase ? 'allowed' : 'not allowed: the OS keychain only' },
    {
      key: 'audit.retentionDays',
      label: 'Audit entries kept for',
      value: policy.audit?.retentionDays === undefined ? 'for good' : count(policy.audit.retentionDays, 'day'),
    },
    {
      key: 'audit.collector',
      label: 'Audit trail forwarded to',
      value: collector ? `${collector.transport}://${collector.host}${collector.port === undefined ? '' : `:${collector.port}`}` : 'nowhere: kept on this machine',
    },
  ];
}

/**
 * The local API server: whether it may run, where it may listen, which web pages may call it and how
 * many requests it runs at once. Origins are counted like the other lists, as the CLI prints them flat.
 */
function apiServerSettings(apiServer: ApiServerPolicy): Omit<LockedSetting, 'setBy'>[] {
  return [
    { key: 'apiServer.enabled', label: 'Local API: server enabled', value: yesNo(apiServer.enabled) },
    {
      key: 'apiServer.allowLan',
      label: 'Local API: network',
      value: apiServer.allowLan ? 'allowed on the network' : 'loopback only (this computer)',
    },
    { key: 'apiServer.allowedOrigins', label: 'Local API: allowed web origins', value: count(apiServer.allowedOrigins.length, 'origin') },
    { key: 'apiServer.maxConcurrentRequests', label: 'Local API: max concurrent requests', value: String(apiServer.maxConcurrentRequests) },
  ];
}

/** Who decided the values: the policy's name, or Enclave's defaults when no valid policy is in force. */
function whoSetIt({ policy, source }: LoadedPolicy): string {
  switch (source.status) {
    case 'loaded':
      return policy.name ?? 'the machine policy';
    case 'missing':
      return "Enclave's default (no machine policy)";
    case 'invalid':
      return "Enclave's default (the machine policy is invalid)";
  }
}

function lockReason({ policy, source }: LoadedPolicy): string {
  const where = describeWhere(source);
  switch (source.status) {
    case 'loaded': {
      const owner = policy.name ? ` of ${policy.name}` : '';
      return `Set by the machine policy${owner} in ${where}; only an administrator can change it.`;
    }
    case 'missing':
      return `No machine policy at ${where}, so Enclave stays offline, its default; an administrator can allow remote endpoints there.`;
    case 'invalid':
      return source.error ?? `The machine policy in ${where} is invalid; Enclave stays offline until it is fixed.`;
  }
}

/** ENCLAVE_POLICY_FILE's file, or every machine source merged (a file, policy.d, the registry key, the managed preferences). */
function describeWhere(source: PolicySource): string {
  if (source.origin === 'environment') return `${source.path} (from ENCLAVE_POLICY_FILE)`;
  const locations = source.layers?.map((layer) => layer.location) ?? [];
  return locations.length > 0 ? locations.join(' and ') : source.path;
}

function count(value: number, noun: string): string {
  if (value === 0) return 'none';
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}
