import type { MachineAccess } from './machineAccess.js';

/** plutil by its absolute path, so that PATH cannot swap it. */
export const plutil = '/usr/bin/plutil';

/** The app's bundle id (electron-builder.yml `appId`): the domain a configuration profile's preferences are for. */
export const bundleId = 'org.enclave.desktop';

/** Where macOS puts the machine-wide preferences a configuration profile (Jamf, Intune) forces for the app. */
export const managedPreferencesPath = `/Library/Managed Preferences/${bundleId}.plist`;

/**
 * The managed preferences plist (which exists: the caller has read it for its hash) as JSON, by
 * `plutil`. Keys are the policy's top-level keys, dictionaries and arrays as in the JSON file. Throws
 * when it cannot be converted (a date or data value has no JSON form) or is not a dictionary.
 */
export function convertManagedPreferences(access: MachineAccess, file: string): Record<string, unknown> {
  const output = access.run(plutil, ['-convert', 'json', '-o', '-', file]);
  if (output.status !== 0) {
    throw new Error(`plutil could not convert it to JSON (${output.status ?? 'did not run'}): ${(output.stderr || output.stdout).trim() || 'no output'}`);
  }
  const parsed = JSON.parse(output.stdout) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('its top level is not a dictionary');
  // A profile's custom-settings payload carries its own Payload* bookkeeping keys, which some MDMs
  // leave in the installed preferences; they are not policy settings.
  return Object.fromEntries(Object.entries(parsed).filter(([key]) => !key.startsWith('Payload')));
}
