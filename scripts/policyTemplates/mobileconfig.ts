/**
 * An example macOS configuration profile (enclave.mobileconfig) for Jamf, Intune or a manual install:
 * one payload whose type is the app's bundle id, holding the policy's top-level keys as they are in the
 * JSON file (sections as nested dictionaries). macOS installs it as managed preferences for the app.
 * The payload's own `Payload*` keys sit beside the policy's; a reader of managed preferences skips them.
 */
import { createHash } from 'node:crypto';
import type { PolicyFile } from '../../electron/shared/policy.js';
import { escapeXml } from './xml.js';

export interface MobileconfigOptions {
  /** The app's bundle id (electron-builder.yml `appId`): the payload type and preference domain. */
  bundleId: string;
  policy: PolicyFile;
}

/**
 * Renders the profile. Its UUIDs are derived from the bundle id, so the file is the same on every run;
 * an organisation deploying it may keep them (they identify this profile) or give it its own.
 */
export function renderMobileconfig({ bundleId, policy }: MobileconfigOptions): string {
  const profileIdentifier = `${bundleId}.policy`;
  const payloadIdentifier = `${profileIdentifier}.settings`;
  const payload: Record<string, unknown> = {
    PayloadType: bundleId,
    PayloadVersion: 1,
    PayloadIdentifier: payloadIdentifier,
    PayloadUUID: nameBasedUuid(payloadIdentifier),
    PayloadDisplayName: 'Enclave machine policy',
    ...policy,
  };
  const profile: Record<string, unknown> = {
    PayloadContent: [payload],
    PayloadDisplayName: 'Enclave machine policy (example)',
    PayloadDescription: 'Machine policy for Enclave, generated from its schema by npm run policy:templates. Edit the values before deploying.',
    PayloadIdentifier: profileIdentifier,
    PayloadOrganization: typeof policy.name === 'string' ? policy.name : 'Enclave',
    PayloadScope: 'System',
    PayloadType: 'Configuration',
    PayloadUUID: nameBasedUuid(profileIdentifier),
    PayloadVersion: 1,
  };
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
${plistValue(profile, '', '$')}
</plist>
`;
}

function plistValue(value: unknown, indent: string, path: string): string {
  if (typeof value === 'string') return `${indent}<string>${escapeXml(value)}</string>`;
  if (typeof value === 'boolean') return `${indent}<${value ? 'true' : 'false'}/>`;
  if (typeof value === 'number') return Number.isInteger(value) ? `${indent}<integer>${value}</integer>` : `${indent}<real>${value}</real>`;
  if (Array.isArray(value)) {
    if (value.length === 0) return `${indent}<array/>`;
    return `${indent}<array>\n${value.map((item, index) => plistValue(item, `${indent}  `, `${path}[${index}]`)).join('\n')}\n${indent}</array>`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    if (entries.length === 0) return `${indent}<dict/>`;
    const lines = entries.map(([key, item]) => `${indent}  <key>${escapeXml(key)}</key>\n${plistValue(item, `${indent}  `, `${path}.${key}`)}`);
    return `${indent}<dict>\n${lines.join('\n')}\n${indent}</dict>`;
  }
  throw new Error(`${path}: a property list cannot hold ${value === null ? 'null' : typeof value}`);
}

/** A UUID (version 5 layout) from SHA-1 of a name: stable across runs, distinct per name. */
export function nameBasedUuid(name: string): string {
  const bytes = createHash('sha1').update(`enclave-policy-template:${name}`).digest().subarray(0, 16);
  bytes.writeUInt8(((bytes.readUInt8(6) & 0x0f) | 0x50), 6);
  bytes.writeUInt8(((bytes.readUInt8(8) & 0x3f) | 0x80), 8);
  const hex = bytes.toString('hex').toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
