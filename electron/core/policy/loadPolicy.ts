import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { z } from 'zod';
import { defaultPolicy, type Policy, policySchema, type PolicySource } from '../../shared/policy.js';
import { locateJsonValue, positionAt } from './jsonLocation.js';
import { findJsonSyntaxError } from './jsonSyntax.js';
import { policyLocation, type PolicyLocationOptions } from './policyLocation.js';

/** A policy is a few hundred bytes; anything this large is not one, and is not read into memory. */
const maxPolicyBytes = 1024 * 1024;
/** How many schema problems one message lists; the rest are counted. */
const problemsListed = 3;

export interface LoadedPolicy {
  /** The policy in force: the file's, or the default (offline) one when it is missing or invalid. */
  policy: Policy;
  source: PolicySource;
  /**
   * SHA-256 of the file's bytes as read, hex, for the audit trail (which policy was in force, without
   * its text); absent when there is no file or it could not be read.
   */
  sha256?: string;
}

/**
 * Reads the machine policy. Never throws for a bad file: a missing file means the default policy
 * (offline), and a file that cannot be read, is not JSON or breaks the schema also leaves Enclave
 * offline, with `source.error` saying why (path, line, field), so a typo can never open the network.
 */
export function loadPolicy(options: PolicyLocationOptions = {}): LoadedPolicy {
  const { path, origin } = policyLocation(options);
  let sha256: string | undefined;
  const offline = (status: PolicySource['status'], error?: string): LoadedPolicy => ({
    policy: defaultPolicy(),
    source: error === undefined ? { path, origin, status } : { path, origin, status, error },
    ...(sha256 === undefined ? {} : { sha256 }),
  });

  let text: string;
  try {
    ({ text, sha256 } = readPolicyFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return offline('missing');
    return offline('invalid', `The policy file ${path} could not be read (${describeReadError(error)}); Enclave stays offline.`);
  }

  const parsed = parseJson(text);
  if (!parsed.ok) {
    const { line, column } = positionAt(text, parsed.offset);
    return offline('invalid', `The policy file ${path} is not valid JSON: line ${line}, column ${column}: ${parsed.reason}. Enclave stays offline until it is fixed.`);
  }

  const checked = policySchema.safeParse(parsed.value);
  if (!checked.success) {
    return offline('invalid', `The policy file ${path} is invalid: ${describeIssues(checked.error.issues, text)}. Enclave stays offline until it is fixed.`);
  }
  return { policy: checked.data, source: { path, origin, status: 'loaded' }, sha256 };
}

function readPolicyFile(path: string): { text: string; sha256: string } {
  const size = fs.statSync(path).size;
  if (size > maxPolicyBytes) {
    throw Object.assign(new Error(`${size} bytes, more than a policy file can be (${maxPolicyBytes})`), { code: 'EFBIG' });
  }
  const bytes = fs.readFileSync(path);
  // Notepad writes UTF-8 with a byte-order mark, which JSON.parse refuses.
  return { text: bytes.toString('utf8').replace(/^\uFEFF/, ''), sha256: createHash('sha256').update(bytes).digest('hex') };
}

function describeReadError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a folder';
  return error instanceof Error ? error.message : String(error);
}

type JsonParse = { ok: true; value: unknown } | { ok: false; offset: number; reason: string };

function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    // JSON.parse failed; our own checker says where, in words that do not change with the V8 version.
    const problem = findJsonSyntaxError(text) ?? { offset: 0, reason: 'not valid JSON' };
    return { ok: false, ...problem };
  }
}

function describeIssues(issues: readonly z.core.$ZodIssue[], text: string): string {
  const described = issues.slice(0, problemsListed).map((issue) => describeIssue(issue, text));
  const more = issues.length - described.length;
  return described.join('; ') + (more > 0 ? ` (and ${more} more ${more === 1 ? 'problem' : 'problems'})` : '');
}

function describeIssue(issue: z.core.$ZodIssue, text: string): string {
  const path = issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined ? [...issue.path, issue.keys[0]] : issue.path;
  const { line } = positionAt(text, locateJsonValue(text, path));
  const field = path.length === 0 ? 'the top level' : fieldName(path);
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
