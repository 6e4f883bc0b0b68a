import { type DlpAction, dlpDetectorLabels, dlpDetectors, type LockedSetting, type PolicyLocks } from '../../shared/policy.js';
import type { LoadedPolicy } from './loadPolicy.js';

const actionWords: Record<DlpAction, string> = {
  block: 'block (the request is not sent)',
  redact: 'redact (replaced before sending, put back in the reply)',
  warn: 'warn (asks before sending)',
};

/**
 * Every setting the machine policy decides, with its value in force and one reason they are locked.
 * All of them are locked, always: the app reads the policy and never writes it. Custom terms and
 * patterns are counted, not listed, as the terms themselves may be confidential.
 */
export function describePolicyLocks({ policy, source }: LoadedPolicy): PolicyLocks {
  const { network, dlp, routing } = policy;
  const settings: LockedSetting[] = [
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
  ];
  if (policy.models?.approvedSha256) {
    settings.push({ key: 'models.approvedSha256', label: 'Approved models', value: count(policy.models.approvedSha256.length, 'model') });
  }
  if (policy.retention?.chatsMaxAgeDays !== undefined) {
    settings.push({ key: 'retention.chatsMaxAgeDays', label: 'Chats kept for', value: count(policy.retention.chatsMaxAgeDays, 'day') });
  }
  if (policy.export?.allowChatExport !== undefined) {
    settings.push({ key: 'export.allowChatExport', label: 'Chat export', value: policy.export.allowChatExport ? 'allowed' : 'not allowed' });
  }
  if (policy.audit?.enabled !== undefined) {
    settings.push({ key: 'audit.enabled', label: 'Audit record of remote requests', value: yesNo(policy.audit.enabled) });
  }
  return { reason: lockReason({ policy, source }), settings };
}

function lockReason({ policy, source }: LoadedPolicy): string {
  const where = source.origin === 'environment' ? `${source.path} (from ENCLAVE_POLICY_FILE)` : source.path;
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

function count(value: number, noun: string): string {
  if (value === 0) return 'none';
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}
