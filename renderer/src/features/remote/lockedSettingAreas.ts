import type { LockedSetting } from '@shared/policy.js';

/**
 * The areas the policy's locked settings are shown under, in this order, each with the key prefixes
 * it holds. A prefix is the start of a key up to a dot (`dlp` holds `dlp.actions.email`), so a
 * setting's area follows the part of the policy file it comes from; a longer prefix wins, which lets
 * the one DLP setting about what stays on this computer (`dlp.allowDocumentPassages`) sit with the
 * routing rules that say the same of collections and findings.
 */
const areas: readonly { title: string; prefixes: readonly string[]; note?: string }[] = [
  { title: 'Network', prefixes: ['network'] },
  {
    title: 'Data-loss prevention',
    prefixes: ['dlp'],
    // The detector rows say only what they find and what is then done; this says when that happens.
    note: 'Checked in every text before it is sent to a remote endpoint.',
  },
  { title: 'What stays local', prefixes: ['routing', 'dlp.allowDocumentPassages'] },
  { title: 'Models', prefixes: ['models'] },
  { title: 'Local API', prefixes: ['apiServer'] },
  { title: 'Chats', prefixes: ['retention', 'export'] },
  { title: 'Database', prefixes: ['storage'] },
  { title: 'Audit trail', prefixes: ['audit'] },
];

/** Where a key no area claims goes (a setting core gained before this table did), so no lock is ever hidden. */
const otherArea = 'Other settings';

export interface LockedSettingRow extends LockedSetting {
  /** The label as read under the area's heading: without the area's name when the label starts with it. */
  labelInArea: string;
}

export interface LockedSettingGroup {
  title: string;
  /** A line under the heading on what the rows mean, where their labels alone do not say. */
  note?: string;
  settings: LockedSettingRow[];
}

/** The locked settings grouped by area, in the areas' order, rows in core's order; empty areas are left out. */
export function groupLockedSettings(settings: readonly LockedSetting[]): LockedSettingGroup[] {
  const titles: string[] = [...areas.map((area) => area.title), otherArea];
  const groups = new Map<string, LockedSettingRow[]>(titles.map((title) => [title, []]));
  for (const setting of settings) {
    const title = areaOf(setting.key);
    groups.get(title)?.push({ ...setting, labelInArea: labelInArea(setting.label, title) });
  }
  return titles.flatMap((title) => {
    const rows = groups.get(title) ?? [];
    const note = areas.find((area) => area.title === title)?.note;
    if (rows.length === 0) return [];
    return [note === undefined ? { title, settings: rows } : { title, note, settings: rows }];
  });
}

function areaOf(key: string): string {
  let best: { title: string; length: number } | undefined;
  for (const area of areas) {
    for (const prefix of area.prefixes) {
      const matches = key === prefix || key.startsWith(`${prefix}.`);
      if (matches && prefix.length > (best?.length ?? -1)) best = { title: area.title, length: prefix.length };
    }
  }
  return best?.title ?? otherArea;
}

/**
 * Core's labels stand alone, as the CLI prints them in one flat list ("Data-loss prevention: e-mail
 * addresses"); under the area's heading its name would be said again on every row.
 */
function labelInArea(label: string, title: string): string {
  const lead = `${title}: `;
  if (!label.startsWith(lead)) return label;
  const rest = label.slice(lead.length);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
