import type { AuditEventGroup, AuditEventType } from '@shared/audit.js';

/*
 * Complete maps, not lookups with a fallback: a type or group added to `auditEventTypes` fails to
 * compile here until it has words, so the view never shows an act only by its code name.
 */

/** Each group of event types as the filter offers it. */
export const auditGroupLabels: Record<AuditEventGroup, string> = {
  app: 'Start and stop',
  policy: 'Machine policy',
  model: 'Models',
  adapter: 'Adapters',
  document: 'Documents',
  collection: 'Collections',
  chats: 'Chat export, import and erase',
  remote: 'Remote requests',
  endpoint: 'Endpoints',
  settings: 'Settings',
  storage: 'Storage and keys',
  backup: 'Backups',
  audit: 'The audit trail itself',
  api: 'Local API server',
};

/** Each event type in words; the view shows the type itself beside them, as the CLI and exports name it. */
export const auditTypeLabels: Record<AuditEventType, string> = {
  'app.started': 'Enclave started',
  'app.stopped': 'Enclave stopped',
  'policy.loaded': 'Machine policy read',
  'policy.changed': 'Machine policy changed',
  'policy.invalid': 'Machine policy refused as invalid',
  'model.imported': 'Model imported',
  'model.verified': 'Model file checked',
  'model.changed': 'Model file found changed',
  'model.accepted': 'Changed model file accepted',
  'model.removed': 'Model removed',
  'model.loaded': 'Model loaded',
  'adapter.attached': 'Adapter attached',
  'document.imported': 'Document added',
  'document.removed': 'Document removed',
  'collection.created': 'Collection created',
  'collection.deleted': 'Collection deleted',
  'collection.confidential': 'Collection marked confidential or not',
  'chats.exported': 'Chats exported',
  'chats.imported': 'Chats imported',
  'chats.erased': 'Chats erased',
  'remote.sending': 'Sending to a remote endpoint',
  'remote.completed': 'Remote request completed',
  'remote.blocked': 'Remote request blocked',
  'remote.failed': 'Remote request failed',
  'endpoint.added': 'Endpoint added',
  'endpoint.removed': 'Endpoint removed',
  'settings.changed': 'Settings changed',
  'storage.encrypted': 'Database encrypted',
  'storage.rekeyed': 'Database key changed',
  'storage.passphraseChanged': 'Passphrase set, changed or removed',
  'storage.recoveryKeyShown': 'Recovery key shown',
  'storage.unlockFailed': 'Unlocking failed',
  'backup.created': 'Backup made',
  'backup.restored': 'Backup restored',
  'audit.sealKeyChanged': 'Seal key made anew',
  'audit.checkpoint': 'Checkpoint made',
  'audit.exported': 'Trail exported',
  'audit.verified': 'Trail verified',
  'audit.pruned': 'Old entries pruned',
  'api.started': 'Local API server started',
  'api.stopped': 'Local API server stopped',
  'api.request': 'Local API request',
  'api.refused': 'Local API request refused',
  'api.tokenAdded': 'API client token made',
  'api.tokenRevoked': 'API client token revoked',
};

/** A stored type in words; one this Enclave does not know (written by a later version) as it is stored. */
export function describeEventType(type: string): string {
  return Object.hasOwn(auditTypeLabels, type) ? auditTypeLabels[type as AuditEventType] : type;
}
