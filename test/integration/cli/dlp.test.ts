import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DlpSummary } from '../../../electron/shared/dlp.js';
import { useTempDir } from '../../support/tempDir.js';
import { runCli, stderrLines } from './runCli.js';

const tempDir = useTempDir('enclave-cli-dlp-');

const sample = [
  'Contact: jane.doe@example.com',
  'Card 4111 1111 1111 1111, phone +44 20 7946 0958',
  'Nothing here, just 2024-01-15 and 1,234,567.',
  'Re: Project Falcon, record MRN-00482913',
].join('\n');

interface ScanJson {
  source: string;
  policy: { status: string };
  findings: { line: number; column: number; detector: string; action: string; masked: string }[];
  summary: DlpSummary;
}

/** A data directory, a text file and a policy with custom terms and a record-number pattern. */
function setUp(policy: object | string = { dlp: { actions: { email: 'redact' }, customTerms: ['Project Falcon'], medicalRecordNumberPatterns: ['\\bMRN-\\d{8}\\b'] } }) {
  const dir = tempDir();
  const file = path.join(dir, 'notes.txt');
  fs.writeFileSync(file, sample);
  const policyFile = path.join(dir, 'policy.json');
  fs.writeFileSync(policyFile, typeof policy === 'string' ? policy : JSON.stringify(policy));
  return { file, options: { dataDir: path.join(dir, 'data'), env: { ENCLAVE_POLICY_FILE: policyFile } } };
}

describe('enclave dlp scan, run as a child process', () => {
  it('prints each finding masked, with line:column, detector and action, then a summary; exit 0', async () => {
    const { file, options } = setUp();
    const result = await runCli(['dlp', 'scan', file], options);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^LINE:COL\s+DETECTOR\s+ACTION\s+TEXT$/m);
    expect(result.stdout).toMatch(/^1:10\s+email\s+redact\s+j\*{18}m$/m);
    expect(result.stdout).toMatch(/^2:6\s+creditCard\s+block\s+4\*{17}1$/m);
    expect(result.stdout).toMatch(/^2:33\s+phone\s+block\s+\+\*{14}8$/m);
    expect(result.stdout).toMatch(/^4:5\s+customTerm\s+block\s+P\*{12}n$/m);
    expect(result.stdout).toMatch(/^4:28\s+medicalRecordNumber\s+block\s+M\*{10}3$/m);
    expect(result.stdout).toMatch(/^5 findings: email 1, phone 1, creditCard 1, medicalRecordNumber 1, customTerm 1$/m);
    expect(result.stdout).not.toMatch(/jane|4111 1111|7946|Falcon|00482913/);
  });

  it('prints JSON with --json, reading standard input for -', async () => {
    const { options } = setUp();
    const result = await runCli(['dlp', 'scan', '-', '--json'], { ...options, input: sample });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as ScanJson;
    expect(report.source).toBe('-');
    expect(report.policy.status).toBe('loaded');
    expect(report.findings.map((finding) => [finding.detector, `${finding.line}:${finding.column}`])).toEqual([
      ['email', '1:10'],
      ['creditCard', '2:6'],
      ['phone', '2:33'],
      ['customTerm', '4:5'],
      ['medicalRecordNumber', '4:28'],
    ]);
    expect(report.summary).toMatchObject({ total: 5, byAction: { redact: 1, block: 4 } });
    expect(result.stdout).not.toMatch(/jane|Falcon/);
  });

  it('exits 0 and says so when there is nothing to find', async () => {
    const { options } = setUp();
    const result = await runCli(['dlp', 'scan', '-'], { ...options, input: 'Just prose, in 2024.\n' });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('No sensitive data found.\n');
  });

  it('scans with the built-in detectors when the policy is invalid, and says why on stderr', async () => {
    const { file, options } = setUp('{"dlp": {"actions": {"email": "mask"}}}');
    const result = await runCli(['dlp', 'scan', file, '--json'], options);
    expect(result.code).toBe(0);
    expect(stderrLines(result)).toEqual([expect.stringMatching(/^enclave: The policy file .*policy\.json is invalid: line 1, dlp\.actions\.email: must be one of .*Scanning with the built-in detectors only\.$/)]);
    const report = JSON.parse(result.stdout) as ScanJson;
    expect(report.policy.status).toBe('invalid');
    expect(report.findings.map((finding) => finding.detector)).toEqual(['email', 'creditCard', 'phone']);
  });

  it('exits 1 with one line for a missing file, 2 with the usage for a mistake', async () => {
    const { options } = setUp();
    const missing = await runCli(['dlp', 'scan', path.join(tempDir(), 'nope.txt')], options);
    expect(missing.code).toBe(1);
    expect(stderrLines(missing)).toEqual([expect.stringMatching(/^enclave: There is no file at .*nope\.txt\.$/)]);

    const usage = await runCli(['dlp', 'inspect', 'x'], options);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^enclave: unknown subcommand "dlp inspect"\n\nUsage:\n {2}enclave dlp scan <file\|->/);

    const help = await runCli(['help', 'dlp'], options);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit code 0 whenever the scan ran, findings or not/);
  });
});
