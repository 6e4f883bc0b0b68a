import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditEntry, auditEventTypes } from '../../../electron/shared/audit.js';
import type { PolicyFile } from '../../../electron/shared/policy.js';
import { ensureTestModel } from '../../../scripts/generate-test-models.js';
import { FakeOpenAiServer } from '../../support/fakeOpenAiServer.js';
import { type CliOptions, type CliResult, runCli } from './runCli.js';
import { expectRefusal, writeChatExport } from './storageFixtures.js';

/** Letters only: no DLP detector (phone, card, IBAN...) takes it for a number, and it is one search word. */
const canary = `CANARY${Array.from(crypto.randomBytes(8), (byte) => String.fromCharCode(97 + (byte % 26))).join('')}`;

/** A command that starts the model host (a local reply): seconds on a quiet machine, much longer on a busy one. */
const hostTimeoutMs = 120_000;

/** The acts one core run did, between its framing (`app.started`, `policy.loaded` and `app.stopped`). */
interface ExpectedRun {
  command: string;
  acts: readonly string[];
  /** The run has no `app.stopped`: the trail it was written in was replaced before the run ended. */
  cut?: boolean;
}

interface TrailRun {
  entries: AuditEntry[];
  stopped: boolean;
}

/**
 * Every act the audit trail records, done once by a user at a terminal: one data folder, one real
 * `enclave` process per command, in order (each test builds on the last). It starts plain and is then
 * encrypted; a loopback OpenAI-compatible server plays the remote endpoint, allowed by a policy file
 * (ENCLAVE_POLICY_FILE) that blocks card numbers and is later edited. At the end the JSON Lines export
 * is read back: each core run framed by its start, its policy and its stop, by the actor `cli`; in it,
 * each act's entry exactly once, in the order the acts were done; and a canary put into prompts, a
 * document, a chat title, a collection name, an API key and a passphrase in no entry, though it did
 * reach each of those places.
 *
 * Not done here, as the CLI cannot:
 * - `storage.unlockFailed`: only the app's unlock screen (`storage.unlock`) records it, once the data
 *   opens. The CLI unlocks at start from --passphrase-file: a wrong passphrase stops the command before
 *   the database opens, and nothing is recorded (checked below).
 * - `audit.pruned`: pruning at start (policy `audit.retentionDays`, at least 1 day) needs entries older
 *   than a day, which a test cannot make without faking the clock.
 */
// Each test runs several commands one after another: a busy 2-core machine needs more than the default minute.
describe('the audit trail of every act, done with the enclave CLI', { timeout: hostTimeoutMs }, () => {
  const server = new FakeOpenAiServer();
  let root: string;
  let dataDir: string;
  let policyFile: string;
  let policy: PolicyFile;
  /** The passphrase file the commands use (ENCLAVE_PASSPHRASE_FILE): none while the data is plain. */
  let passphraseFile = '';
  const expected: ExpectedRun[] = [];
  const ids = { chatModel: '', linkedModel: '', document: '', remoteChat: '', importedChat: '' };
  const secrets: string[] = [];
  let jsonl = '';

  const cli = (args: string[], options: Partial<CliOptions> = {}): Promise<CliResult> =>
    runCli(args, { dataDir, ...options, env: { ENCLAVE_PASSPHRASE_FILE: passphraseFile, ENCLAVE_POLICY_FILE: policyFile, ...options.env } });

  /**
   * Runs a command that must end with `code`, and notes the acts each of its core runs records: one
   * list per run (a command that re-encrypts the database stops its core and starts another).
   */
  async function act(args: string[], runs: readonly (readonly string[])[], options: Partial<CliOptions> & { code?: number } = {}): Promise<CliResult> {
    const result = await cli(args, options);
    expect(result.code, result.stderr).toBe(options.code ?? 0);
    for (const acts of runs) expected.push({ command: args.join(' '), acts });
    return result;
  }

  function writePolicy(content: string): void {
    fs.writeFileSync(policyFile, content);
  }

  beforeAll(async () => {
    const baseUrl = await server.start();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-cli-audit-acts-'));
    dataDir = path.join(root, 'data');
    policyFile = path.join(root, 'policy.json');
    policy = { network: { mode: 'allowlist', endpoints: [baseUrl] }, dlp: { actions: { creditCard: 'block' } } };
    writePolicy(JSON.stringify(policy));
  });
  afterAll(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('starts plain, then encrypts: the seal key is new, and the trail says so', async () => {
    const model = path.join(root, 'incoming', 'tiny-chat.gguf');
    fs.mkdirSync(path.dirname(model));
    fs.copyFileSync(await ensureTestModel('tiny-chat'), model);
    const added = await act(['models', 'add', model, '--json'], [['model.imported']]);
    ids.chatModel = (JSON.parse(added.stdout) as { imported: { id: string }[] }).imported[0]!.id;

    passphraseFile = process.env.ENCLAVE_PASSPHRASE_FILE ?? '';
    expect(passphraseFile).not.toBe('');
    // The plain core stops; the database is encrypted; a core starts on it, with a seal key made just now.
    await act(['storage', 'encrypt'], [[], ['audit.sealKeyChanged', 'storage.encrypted']]);
  });

  it('shows the recovery key, re-keys, and changes the passphrase to one holding the canary', async () => {
    const shown = await act(['storage', 'recovery-key'], [['storage.recoveryKeyShown']]);
    secrets.push(shown.stdout.trim());
    const rekeyed = await act(['storage', 'rekey'], [[], ['storage.rekeyed']]);
    secrets.push(/^New recovery key: (.+)$/m.exec(rekeyed.stdout)?.[1] ?? 'no recovery key printed');

    const canaryPassphrase = path.join(root, 'canary-passphrase.txt');
    fs.writeFileSync(canaryPassphrase, `the ${canary} passphrase\n`);
    await act(['storage', 'passphrase', '--new-passphrase-file', canaryPassphrase], [['storage.passphraseChanged']]);

    // The old passphrase no longer opens the data: refused before the database opens, so nothing is recorded.
    expectRefusal(await cli(['chats', 'list']), /That passphrase does not open this database/);
    // The new one does (every command from here on).
    passphraseFile = canaryPassphrase;
  });

  it('imports, links, verifies, accepts and removes models, and attaches an adapter', async () => {
    const linked = path.join(root, 'linked', 'linked.gguf');
    fs.mkdirSync(path.dirname(linked));
    fs.copyFileSync(await ensureTestModel('tiny-chat-wide'), linked);
    const added = await act(['models', 'add', '--link', linked, '--json'], [['model.imported']]);
    ids.linkedModel = (JSON.parse(added.stdout) as { imported: { id: string }[] }).imported[0]!.id;

    // Bytes after the tensors: still a valid GGUF file, but not the one imported.
    fs.appendFileSync(linked, Buffer.alloc(64));
    await act(['models', 'verify'], [['model.verified', 'model.changed']], { code: 1 });
    await act(['models', 'accept', ids.linkedModel], [['model.accepted']]);
    await act(['models', 'remove', ids.linkedModel], [['model.removed']]);
    await act(['models', 'adapter', 'add', ids.chatModel, await ensureTestModel('tiny-chat-lora')], [['adapter.attached']]);
  });

  it('answers a local prompt holding the canary, loading the model once, and changes a setting', async () => {
    await act(['chat', '--model', ids.chatModel, '--max-tokens', '4', '--temperature', '0', `Summarise the ${canary} plan.`], [['model.loaded']], {
      timeoutMs: hostTimeoutMs,
    });
    await act(['settings', 'set', 'retrieval-top-k', '3'], [['settings.changed']]);
  });

  it('creates a collection named with the canary, indexes a document holding it, marks, removes and deletes', async () => {
    const collection = `Board ${canary}`;
    const created = await act(['collections', 'add', collection], [['collection.created']]);
    expect(created.stdout).toContain(`Created the collection "${collection}"`);

    const file = path.join(root, 'files', `notes-${canary}.txt`);
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, `Minutes of the board. ${canary} is the code name of the merger.\n`);
    const indexed = await act(['docs', 'add', '--collection', collection, file, '--json'], [['document.imported']]);
    const { outcomes } = JSON.parse(indexed.stdout) as { outcomes: { status: string; documentId: string }[] };
    expect(outcomes).toMatchObject([{ status: 'indexed' }]);
    ids.document = outcomes[0]!.documentId;
    // The text is in the index: a keyword search for the canary finds it (a search is no act: a bare run).
    const found = await act(['search-docs', canary, '--json'], [[]]);
    expect(found.stdout).toContain(`${canary} is the code name of the merger.`);

    await act(['collections', 'confidential', collection, 'on'], [['collection.confidential']]);
    await act(['docs', 'remove', ids.document], [['document.removed']]);
    await act(['collections', 'remove', collection], [['collection.deleted']]);
  });

  it('adds an endpoint with the canary as its key, and sends: completed, blocked by DLP, failed', async () => {
    await act(['endpoints', 'add', 'Loopback', `${server.origin}/v1`, '--api-key-stdin'], [['endpoint.added']], { input: `sk-${canary}\n` });

    const sent = await act(['chat', '--remote', 'Loopback', '--model', 'gpt-test', `Draft the ${canary} memo.`], [['remote.sending', 'remote.completed']]);
    ids.remoteChat = /^chat (\S+)$/m.exec(sent.stderr)?.[1] ?? '';
    const request = server.chatRequests().at(-1)!;
    expect(JSON.stringify(request.body)).toContain(`Draft the ${canary} memo.`);
    expect(request.headers.authorization).toBe(`Bearer sk-${canary}`);

    // Refused before anything leaves; the new chat it was typed in, left empty, is dropped (an erasure).
    const before = server.chatRequests().length;
    const blocked = await act(['chat', '--remote', 'Loopback', '--model', 'gpt-test', `Charge ${canary} to card 4111 1111 1111 1111.`], [['remote.blocked', 'chats.erased']], {
      code: 1,
    });
    expect(blocked.stderr).toMatch(/Not sent: the message contains credit card numbers/);
    expect(server.chatRequests().length).toBe(before);

    server.then({ kind: 'status', status: 401, message: 'bad key' });
    await act(['chat', '--remote', 'Loopback', '--model', 'gpt-test', '--chat', ids.remoteChat, 'Try again.'], [['remote.sending', 'remote.failed']], { code: 1 });
    expect(server.chatRequests().length).toBe(before + 1);

    await act(['endpoints', 'remove', 'Loopback'], [['endpoint.removed']]);
  });

  // The CLI gives a chat a title only by importing it (it has no rename).
  it('imports a chat titled with the canary, exports and erases chats, as the policy file is edited, broken and mended', async () => {
    const importFile = path.join(root, 'chats-in.json');
    ids.importedChat = crypto.randomBytes(16).toString('hex');
    writeChatExport(importFile, { id: ids.importedChat, title: `Merger ${canary}`, content: `Notes on ${canary}.` });
    // Another name in the file: a policy other than the last start's, recorded before it is loaded.
    writePolicy(JSON.stringify({ ...policy, name: 'Contoso IT' }));
    await act(['chats', 'import', importFile], [['policy.changed', 'chats.imported']]);

    // Not a policy: recorded as invalid (Enclave stays offline), after the change of file.
    writePolicy('{ "network": { "mode": "everywhere" } }');
    const exportFile = path.join(root, 'chats-out.json');
    await act(['chats', 'export', '--all', '--format', 'json', '--out', exportFile], [['policy.changed', 'policy.invalid', 'chats.exported']]);
    // The local and remote prompts and the imported title are all in the chats.
    const exported = fs.readFileSync(exportFile, 'utf8');
    for (const text of [`Summarise the ${canary} plan.`, `Draft the ${canary} memo.`, `Merger ${canary}`]) expect(exported).toContain(text);

    writePolicy(JSON.stringify({ ...policy, name: 'Contoso IT' }));
    await act(['chats', 'delete', ids.importedChat], [['policy.changed', 'chats.erased']]);
    await act(['chats', 'delete', '--all', '--yes'], [['chats.erased']]);
  });

  // A restore puts back the backup's trail, which continues from its last entry: what was recorded after
  // the backup was made is gone from it (nothing in the trail says so; only an earlier checkpoint would
  // show the cut). Hence two backups: the first one's entry stays, the second is the one restored.
  it('backs up, then restores a later backup: the trail goes back to that backup, and continues', async () => {
    await act(['backup', path.join(root, 'first.backup')], [['backup.created']]);
    // This backup holds the trail up to this command's own start: its run ends there, cut, once restored.
    const restoredFrom = path.join(root, 'second.backup');
    const second = await cli(['backup', restoredFrom]);
    expect(second.code, second.stderr).toBe(0);
    expected.push({ command: `backup ${restoredFrom}`, acts: [], cut: true });
    // The restoring command's first core (before the backup was put in place) wrote to the trail it replaced.
    await act(['restore', restoredFrom], [['backup.restored']]);
  });

  it('makes a checkpoint, verifies against it, and exports the trail as JSON Lines', async () => {
    const checkpoint = path.join(root, 'checkpoint.json');
    await act(['audit', 'checkpoint', '--out', checkpoint], [['audit.checkpoint']]);
    await act(['audit', 'verify', '--checkpoint', checkpoint], [['audit.verified']]);

    const exported = await cli(['audit', 'export', '--format', 'jsonl']);
    expect(exported.code, exported.stderr).toBe(0);
    jsonl = exported.stdout;
    // Made before this command recorded the export, and before it stopped.
    expected.push({ command: 'audit export --format jsonl', acts: [], cut: true });
  });

  it('has each core run framed by its start, its policy and its stop, all by the actor cli', () => {
    const runs = trailRuns(parseJsonl(jsonl));
    for (const run of runs) {
      const types = run.entries.map((entry) => entry.type).join(' ');
      expect(types).toMatch(/^(audit\.sealKeyChanged )?app\.started (policy\.changed )?policy\.(loaded|invalid)( \S+)*$/);
      expect(types.endsWith(' app.stopped')).toBe(run.stopped);
      expect(run.entries.filter((entry) => /^(app\.|policy\.(loaded|invalid))/.test(entry.type))).toHaveLength(run.stopped ? 3 : 2);
      expect(new Set(run.entries.map((entry) => entry.actor))).toEqual(new Set(['cli']));
    }
    // Sealed from the core the encryption started on: the third run (models add, then encrypt's first core, plain).
    const sealed = runs.map((run) => run.entries.find((entry) => entry.type === 'app.started')?.details.sealed);
    expect(sealed).toEqual(runs.map((_, index) => index >= 2));
  });

  it('has each act\'s entry exactly once, in the order the acts were done', () => {
    const runs = trailRuns(parseJsonl(jsonl));
    const acts = runs.map((run, index) => ({
      command: expected[index]?.command ?? '(not expected)',
      acts: run.entries.map((entry) => entry.type).filter((type, at, types) => !isFraming(type, at, types)),
      ...(run.stopped ? {} : { cut: true }),
    }));
    expect(acts).toEqual(expected.map((run) => ({ command: run.command, acts: run.acts, ...(run.cut ? { cut: true } : {}) })));
  });

  it('keeps the canary, the card number and the recovery keys out of the JSON Lines and syslog exports', async () => {
    const syslogFile = path.join(root, 'audit.log');
    const exported = await cli(['audit', 'export', '--format', 'syslog', '--out', syslogFile]);
    expect(exported.code, exported.stderr).toBe(0);
    const syslog = fs.readFileSync(syslogFile, 'utf8');
    // The JSON Lines export is recorded after it was made: its entry is in this later export.
    const lastTypes = syslog.trimEnd().split('\n').slice(-6).map((line) => line.split(' ')[5]);
    expect(lastTypes).toEqual(['app.started', 'policy.loaded', 'audit.exported', 'app.stopped', 'app.started', 'policy.loaded']);
    // Every type the trail knows is in it, but the two the CLI cannot cause (see the top of this file) and the
    // local API server's, which need a running server and its clients: test/integration/apiServer and cli/serve.test.ts.
    const seen = new Set(syslog.trimEnd().split('\n').map((line) => line.split(' ')[5]));
    expect(auditEventTypes.filter((type) => !seen.has(type) && !type.startsWith('api.'))).toEqual(['storage.unlockFailed', 'audit.pruned']);

    expect(secrets).toHaveLength(2);
    for (const [name, text] of [['jsonl', jsonl], ['syslog', syslog]] as const) {
      expect(text.length, name).toBeGreaterThan(4000);
      expect(text.toLowerCase(), name).not.toContain(canary.toLowerCase());
      // The whole number, in any spacing: four digits alone turn up by chance in the hashes and seals.
      expect(text, name).not.toMatch(/4111[\s-]?1111[\s-]?1111[\s-]?1111/);
      for (const secret of secrets) expect(text, name).not.toContain(secret);
    }
  });

  it('verifies the whole trail at the end', async () => {
    const verified = await cli(['audit', 'verify']);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/^The audit trail verifies: \d+ entries \(1 to \d+\), chained and sealed\./);
  });
});

function parseJsonl(text: string): AuditEntry[] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as AuditEntry);
}

/**
 * The trail cut into core runs: each ends with its `app.stopped`, or, cut short (its trail replaced by
 * a backup's, or exported while it ran), where the next run starts.
 */
function trailRuns(entries: readonly AuditEntry[]): TrailRun[] {
  const runs: TrailRun[] = [];
  let current: AuditEntry[] = [];
  for (const entry of entries) {
    if (entry.type === 'app.started' && current.some((earlier) => earlier.type === 'app.started')) {
      runs.push({ entries: current, stopped: false });
      current = [];
    }
    current.push(entry);
    if (entry.type === 'app.stopped') {
      runs.push({ entries: current, stopped: true });
      current = [];
    }
  }
  if (current.length > 0) runs.push({ entries: current, stopped: false });
  return runs;
}

/** The framing every run has: its start, the policy it loaded (an invalid one is an act), its stop. */
function isFraming(type: string, at: number, types: readonly string[]): boolean {
  return type === 'app.started' || type === 'policy.loaded' || (type === 'app.stopped' && at === types.length - 1);
}
