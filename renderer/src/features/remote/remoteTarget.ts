import type { DlpDetector } from '@shared/policy.js';
import { readPreference, writePreference } from '../../lib/storage.js';

/** A model on a remote endpoint, as `chats.send` and `chats.preview` take it. */
export interface RemoteTarget {
  endpointId: string;
  model: string;
}

const selectedRemoteKey = 'enclave.selectedRemote';
/** Option values of the model picker: a local model's id never contains a colon, so this prefix cannot clash. */
const optionPrefix = 'remote:';

/** The picker's `<option value>` for a remote model. */
export function remoteOptionValue(target: RemoteTarget): string {
  return `${optionPrefix}${JSON.stringify([target.endpointId, target.model])}`;
}

/** The remote model an option value names, or null for a local model's id. */
export function parseRemoteOptionValue(value: string): RemoteTarget | null {
  if (!value.startsWith(optionPrefix)) return null;
  return parseTarget(value.slice(optionPrefix.length));
}

export function readSelectedRemote(): RemoteTarget | null {
  const stored = readPreference(selectedRemoteKey);
  return stored ? parseTarget(stored) : null;
}

export function writeSelectedRemote(target: RemoteTarget | null): void {
  writePreference(selectedRemoteKey, target ? JSON.stringify([target.endpointId, target.model]) : null);
}

function parseTarget(text: string): RemoteTarget | null {
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') {
      return { endpointId: parsed[0], model: parsed[1] };
    }
  } catch {
    // A preference written by another version: as if none had been chosen.
  }
  return null;
}

export function sameTarget(a: RemoteTarget | null, b: RemoteTarget | null): boolean {
  return a !== null && b !== null && a.endpointId === b.endpointId && a.model === b.model;
}

/** One finding or redaction in words, singular ("E-mail address"): the shared labels are plural. */
export const detectorNames: Record<DlpDetector, string> = {
  email: 'E-mail address',
  phone: 'Phone number',
  ssn: 'US social security number',
  creditCard: 'Credit card number',
  iban: 'IBAN',
  ipAddress: 'IP address',
  dateOfBirth: 'Date of birth',
  medicalRecordNumber: 'Medical record number',
  customTerm: 'Custom term',
};
