import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import type { AuditCheckpoint, AuditEntry } from '../../../electron/shared/audit.js';
import { testDatabaseKey } from '../../support/core.js';
import { type CliResult, runCli, stderrLines } from './runCli.js';

/** RFC 5424: PRI, VERSION, TIMESTAMP, HOSTNAME, APP-NAME, PROCID, MSGID, STRUCTURED-DATA, MSG. */
const syslogLine =
  /^<(\d{1,3})>1 (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-]\d\d:\d\d)) ([\x21-\x7e]{1,255}) ([\x21-\x7e]{1,48}) ([\x21-\x7e]{1,128}) ([\x21-\x7e]{1,32}) ((?:\[[^ =\]"]{1,32}(?: [^ =\]"]{1,32}="(?:[^"\\\]]|\\["\\\]])*")*\])+|-)(?: (.*))?$/;

/**
 * `enclave audit list|checkpoint|verify|export`, each as its own process. The suite's CLI runs are
 * encrypted with its passphrase, so the trail is sealed. The tamper tests edit copies of the data
 * folder as an attacker with the database key but not the seal key would: triggers dropped, rows
 * changed or deleted, the head rewritten. The tests run in order.
 */
describe('enclave audit, run as child processes', () => {
  let root: string;
  let dataDir: string;
  let checkpointFile: string;
  let checkpoint: AuditCheckpoint;

  const cli = (args: string[], dir = dataDir) => runCli(['audit', ...args], { dataDir: dir });

  async function json<T>(args: string[]): Promise<T> {
    const result = await cli([...args, '--json']);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as T;
  }

  /** A copy of the data folder as it is now, changed by `edit` with the database key and no triggers. */
  async function tamperedCopy(name: string, edit: (db: Database) => void): Promise<string> {
    const copy = path.join(root, name);
    fs.cpSync(dataDir, copy, { recursive: true });
    const db = openDatabase(path.join(copy, 'enclave.db'), { key: await testDatabaseKey(copy) });
    try {
      db.exec('DROP TRIGGER audit_events_are_never_changed; DROP TRIGGER audit_events_are_deleted_only_by_pruning;');
      edit(db);
    } finally {
      db.close();
    }
    return copy;
  }

  /** Exit 1 and one line naming the first entry that does not hold: `seq`, or any when null. */
  function expectNotVerified(result: CliResult, seq: number | null, reason: RegExp): void {
    expect(result.code, result.stderr).toBe(1);
    const lines = stderrLines(result);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^enclave: the audit trail does not verify: entry ${seq === null ? '\\d+' : String(seq)}: `));
    expect(lines[0]).toMatch(reason);
  }

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-cli-audit-'));
    dataDir = path.join(root, 'data');
    checkpointFile = path.join(root, 'checkpoint.json');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('lists the runs of the CLI, each started and stopped by the actor cli', async () => {
    const first = await cli(['list']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^SEQ +TIME +TYPE +ACTOR +DETAILS\n1 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +app\.started +cli +version=\S+ sealed=true\n/);

    const entries = await json<AuditEntry[]>(['list', '--type', 'app']);
    expect(entries.map((entry) => [entry.type, entry.actor])).toEqual([
      ['app.started', 'cli'],
      ['app.stopped', 'cli'],
      ['app.started', 'cli'],
    ]);
    expect(entries[0]).toMatchObject({ seq: 1, details: { sealed: true } });
    expect(entries[0]!.hash).toMatch(/^[0-9a-f]{64}$/);

    const typo = await cli(['list', '--type', 'modle']);
    expect(typo.code).toBe(2);
    expect(stderrLines(typo)[0]).toMatch(/--type must be an event type \(model\.imported\) or a group of them \(app, policy, model, .*\), not "modle"/);
  });

  it('writes a signed checkpoint, owner-only, that verify then checks the trail against', async () => {
    const written = await cli(['checkpoint', '--out', checkpointFile]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout).toBe('');
    checkpoint = JSON.parse(fs.readFileSync(checkpointFile, 'utf8')) as AuditCheckpoint;
    expect(checkpoint).toMatchObject({ format: 'enclave-audit-checkpoint', version: 1 });
    // Two runs so far, each started and stopped, and this one started.
    expect(checkpoint.seq).toBeGreaterThanOrEqual(5);
    expect(checkpoint.signature).toMatch(/^[0-9a-f]{64}$/);
    if (process.platform !== 'win32') expect(fs.statSync(checkpointFile).mode & 0o777).toBe(0o600);

    const verified = await cli(['verify', '--checkpoint', checkpointFile]);
    expect(verified.code, verified.stderr).toBe(0);
    const [, entries, last] = /^The audit trail verifies: (\d+) entries \(1 to (\d+)\), chained and sealed\. It still holds the checkpoint at entry (\d+)\.\n$/.exec(verified.stdout) ?? [];
    expect(verified.stdout).toContain(`checkpoint at entry ${String(checkpoint.seq)}.`);
    expect(Number(entries)).toBe(Number(last));
    expect(Number(entries)).toBeGreaterThan(checkpoint.seq);
    expect(verified.stderr).toBe('');
  });

  it('exports JSON Lines and RFC 5424 syslog lines, and records each export', async () => {
    const jsonl = await cli(['export', '--format', 'jsonl']);
    expect(jsonl.code, jsonl.stderr).toBe(0);
    const lines = jsonl.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as AuditEntry & { seal: string });
    expect(lines.map((entry) => entry.seq)).toEqual(lines.map((_, index) => index + 1));
    expect(lines.find((entry) => entry.type === 'audit.checkpoint')?.details).toEqual({ seq: checkpoint.seq, hash: checkpoint.hash, signed: true });
    expect(lines.find((entry) => entry.type === 'audit.verified')?.details).toMatchObject({ ok: true, firstBad: null, checkpoint: checkpoint.seq });
    for (const entry of lines) expect(entry.seal).toMatch(/^[0-9a-f]{64}$/);

    const syslogFile = path.join(root, 'audit.log');
    const syslog = await cli(['export', '--format', 'syslog', '--type', 'audit', '--out', syslogFile]);
    expect(syslog.code, syslog.stderr).toBe(0);
    expect(stderrLines(syslog)).toEqual([expect.stringMatching(/^enclave: exported 3 audit entries to .*audit\.log\.$/)]);
    const messages = fs.readFileSync(syslogFile, 'utf8').trimEnd().split('\n');
    expect(messages).toHaveLength(3);
    for (const message of messages) {
      const [, priority, , , appName, procId, msgId, structured, details] = syslogLine.exec(message) ?? [];
      expect(priority, message).toBe('37');
      expect([appName, procId]).toEqual(['enclave', '-']);
      expect(msgId).toMatch(/^audit\./);
      expect(structured).toMatch(/^\[enclave@32473 seq="\d+" actor="cli" hash="[0-9a-f]{64}"\]$/);
      expect(() => JSON.parse(details ?? '') as unknown).not.toThrow();
    }
    expect(messages.map((message) => syslogLine.exec(message)?.[6])).toEqual(['audit.checkpoint', 'audit.verified', 'audit.exported']);
  });

  it('names the entry whose details were edited', async () => {
    const copy = await tamperedCopy('edited', (db) => {
      db.prepare('UPDATE audit_events SET details = ? WHERE seq = 3').run(JSON.stringify({ version: '9.9.9', sealed: true }));
    });
    expectNotVerified(await cli(['verify'], copy), 3, /its content was changed after it was written/);
  });

  it('sees entries cut off the end, the head left as it was', async () => {
    let firstCut = 0;
    const copy = await tamperedCopy('truncated', (db) => {
      firstCut = lastSeq(db) - 1;
      db.prepare('DELETE FROM audit_events WHERE seq >= ?').run(firstCut);
    });
    // The run that verifies records its own start after the head first: the cut shows as a gap, or as
    // an end short of the head.
    expectNotVerified(await cli(['verify'], copy), firstCut, /is missing \(removed\)|entries were cut off the end/);
  });

  it('sees entries cut off the end with the head rewritten to match, though Enclave wrote more entries since', async () => {
    const copy = await tamperedCopy('head-rewritten', (db) => {
      const keep = lastSeq(db) - 3;
      db.prepare('DELETE FROM audit_events WHERE seq > ?').run(keep);
      const { hash } = db.prepare('SELECT hash FROM audit_events WHERE seq = ?').get(keep) as { hash: Buffer };
      db.prepare('UPDATE audit_state SET head_seq = ?, head_hash = ? WHERE id = 1').run(keep, hash);
    });
    // The verifying run records its own start on top of the forged head: that must not seal it afresh.
    expectNotVerified(await cli(['verify'], copy), null, /head's seal does not match/);
  });

  it('sees a checkpoint exported before entries were deleted and the head rewritten to match', async () => {
    const later = path.join(root, 'later-checkpoint.json');
    const written = await cli(['checkpoint', '--out', later]);
    expect(written.code, written.stderr).toBe(0);
    const copy = await tamperedCopy('rewritten', (db) => {
      // Back to the first checkpoint: everything after it goes, and the head names its entry.
      db.prepare('DELETE FROM audit_events WHERE seq > ?').run(checkpoint.seq);
      const { hash } = db.prepare('SELECT hash FROM audit_events WHERE seq = ?').get(checkpoint.seq) as { hash: Buffer };
      db.prepare('UPDATE audit_state SET head_seq = ?, head_hash = ? WHERE id = 1').run(checkpoint.seq, hash);
    });
    // The forged head is caught by its seal; else the run that verifies, recording its own start first, may
    // again reach the checkpoint's entry (with another hash there) or stop short of it.
    const seq = (JSON.parse(fs.readFileSync(later, 'utf8')) as AuditCheckpoint).seq;
    expectNotVerified(
      await cli(['verify', '--checkpoint', later], copy),
      null,
      new RegExp(`head's seal does not match|differs from the exported checkpoint|the exported checkpoint names entry ${String(seq)}, past the end`),
    );
  });
});

function lastSeq(db: Database): number {
  return (db.prepare('SELECT MAX(seq) AS seq FROM audit_events').get() as { seq: number }).seq;
}
