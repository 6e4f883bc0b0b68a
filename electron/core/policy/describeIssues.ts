import type { z } from 'zod';
import { locateJsonValue, positionAt } from './jsonLocation.js';
import { layerDeciding } from './mergeLayers.js';
import type { SourceRead } from './readSources.js';

/** How many schema problems one message lists; the rest are counted. */
const problemsListed = 3;

/**
 * The schema's problems with the merged policy, each under the source that decides the value (the
 * highest one holding it), with the line in a JSON file: what an administrator needs to fix it.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], reads: readonly SourceRead[]): string {
  const values = reads.map((read) => read.value);
  const bySource = new Map<number, string[]>();
  const listed = issues.slice(0, problemsListed);
  for (const issue of listed) {
    const path = issuePath(issue);
    // A problem no source holds (a required value missing everywhere) is the base file's to fix.
    const index = layerDeciding(values, path) ?? 0;
    const described = describeIssue(issue, path, reads[index]?.text);
    bySource.set(index, [...(bySource.get(index) ?? []), described]);
  }
  const more = issues.length - listed.length;
  const parts = [...bySource].map(([index, problems]) => `${sourceName(reads[index])} is invalid: ${problems.join('; ')}`);
  const text = parts.join('; ') + (more > 0 ? ` (and ${more} more ${more === 1 ? 'problem' : 'problems'})` : '');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}. Enclave stays offline until it is fixed.`;
}

function sourceName(read: SourceRead | undefined): string {
  if (!read) return 'the machine policy';
  switch (read.kind) {
    case 'file':
      return `the policy file ${read.location}`;
    case 'registry':
      return `the registry key ${read.location}`;
    case 'managed-preferences':
      return `the managed preferences ${read.location}`;
  }
}

function issuePath(issue: z.core.$ZodIssue): PropertyKey[] {
  return issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...issue.path, issue.keys[0]] : [...issue.path];
}

function describeIssue(issue: z.core.$ZodIssue, path: readonly PropertyKey[], text: string | undefined): string {
  const field = path.length === 0 ? 'the top level' : fieldName(path);
  if (text === undefined) return `${field}: ${issueMessage(issue)}`;
  const { line } = positionAt(text, locateJsonValue(text, path));
  return `line ${line}, ${field}: ${issueMessage(issue)}`;
}

/** `["network", "endpoints", 0]` -> `network.endpoints[0]`, as an administrator would point at it. */
function fieldName(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

/** zod's wording, made plainer where it speaks of "input" and "undefined". */
function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `"${key}"`).join(', ');
    return `unknown ${issue.keys.length === 1 ? 'setting' : 'settings'} ${keys} (check the spelling)`;
  }
  if (issue.code === 'invalid_type') {
    if (/received undefined$/.test(issue.message)) return `missing (expected ${article(issue.expected)})`;
    const received = /received (\w+)$/.exec(issue.message)?.[1];
    return `expected ${article(issue.expected)}${received ? `, not ${article(received)}` : ''}`;
  }
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
  return issue.message;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
