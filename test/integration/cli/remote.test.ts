import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatSummary } from '../../../electron/shared/domain.js';
import type { PolicyFile } from '../../../electron/shared/policy.js';
import type { EndpointInfo, PolicyStatus, RemoteRequestRecord, UsageReport } from '../../../electron/shared/remote.js';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { testDatabaseKey } from '../../support/core.js';
import { listRemoteRequests } from '../../../electron/core/remote/store/remoteRequests.js';
import { FakeOpenAiServer } from '../../support/fakeOpenAiServer.js';
import { useTempDir } from '../../support/tempDir.js';
import { type CliOptions, type CliResult, runCli, stderrLines } from './runCli.js';

const stackFrame = /^\s+at /m;

/**
 * The remote commands as a headless user runs them, each as its own process over one data directory:
 * a loopback OpenAI-compatible server started here, and a machine policy file (ENCLAVE_POLICY_FILE)
 * allowing it, with DLP redacting e-mail addresses, blocking card numbers and asking about phone
 * numbers. The tests run in order, each building on the last.
 */
describe('enclave endpoints, chat --remote and usage, run as child processes', () => {
  const server = new FakeOpenAiServer();
  let root: string;
  let dataDir: string;
  let policyFile: string;
  let baseUrl: string;

  const cli = (args: string[], options: Partial<CliOptions> = {}) =>
    runCli(args, { dataDir, ...options, env: { ENCLAVE_POLICY_FILE: policyFile, ...options.env } });

  async function json<T>(args: string[]): Promise<T> {
    const result = await cli([...args, '--json']);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as T;
  }

  const lastChatBody = () => server.chatRequests().at(-1)!.body as { model: string; messages: { content: string }[] };

  beforeAll(async () => {
    baseUrl = await server.start();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-cli-remote-'));
    dataDir = path.join(root, 'data');
    policyFile = path.join(root, 'policy.json');
    const policy: PolicyFile = {
      network: { mode: 'allowlist', endpoints: [baseUrl] },
      dlp: { actions: { email: 'redact', creditCard: 'block', phone: 'warn' } },
    };
    fs.writeFileSync(policyFile, JSON.stringify(policy, null, 2));
  });
  afterAll(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('adds an endpoint whose key is read from an environment variable, lists it and tests it live', async () => {
    const added = await cli(['endpoints', 'add', 'Env', baseUrl, '--api-key-env', 'ENCLAVE_TEST_KEY']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^Added the endpoint "Env" \(\S+\) at http:\/\/127\.0\.0\.1:\d+\/v1\./);
    expect(added.stderr).toBe('enclave: the API key is read from $ENCLAVE_TEST_KEY at each request; it is not stored.\n');

    const listed = await cli(['endpoints', 'list']);
    expect(listed.stdout).toMatch(/^NAME\s+BASE URL\s+API KEY\s+ALLOWED$/m);
    expect(listed.stdout).toMatch(/^Env\s+http:\/\/127\.0\.0\.1:\d+\/v1\s+\$ENCLAVE_TEST_KEY\s+yes$/m);

    const tested = await cli(['endpoints', 'test', 'env'], { env: { ENCLAVE_TEST_KEY: 'sk-from-env' } });
    expect(tested.code, tested.stderr).toBe(0);
    expect(tested.stdout).toMatch(/^Env \(http:\/\/127\.0\.0\.1:\d+\/v1\) answered in \d+ ms with 2 models:\n {2}gpt-test\n {2}gpt-test-mini\n$/);
    expect(server.requests.at(-1)).toMatchObject({ path: '/v1/models', headers: { authorization: 'Bearer sk-from-env' } });

    const unset = await cli(['endpoints', 'test', 'Env']);
    expect(unset.code).toBe(1);
    expect(stderrLines(unset)).toEqual(['enclave: The API key for Env is read from $ENCLAVE_TEST_KEY, which is not set.']);
  });

  it('stores a key read from standard input in an owner-only file, saying where', async () => {
    const added = await cli(['endpoints', 'add', 'Loopback', baseUrl, '--api-key-stdin'], { input: 'sk-from-stdin\n' });
    expect(added.code, added.stderr).toBe(0);
    const keyFile = path.join(dataDir, 'endpoint-keys.json');
    expect(added.stderr).toContain(`the API key is stored in ${keyFile}, readable only by you`);
    expect(added.stderr).toMatch(/prefer --api-key-env/);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(Object.values(JSON.parse(fs.readFileSync(keyFile, 'utf8')) as Record<string, string>)).toEqual(['sk-from-stdin']);

    const endpoints = await json<EndpointInfo[]>(['endpoints', 'list']);
    expect(endpoints.map((endpoint) => [endpoint.name, endpoint.keyStorage, endpoint.allowed])).toEqual([
      ['Env', 'env', true],
      ['Loopback', 'file', true],
    ]);
  });

  it('streams a remote reply to stdout, on the endpoint\'s first model, saying where it went', async () => {
    const result = await cli(['chat', '--remote', 'Loopback', 'Summarise', 'the', 'meeting.']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('Hello from the endpoint.\n');
    expect(stderrLines(result)).toEqual(['enclave: Sent to Loopback (gpt-test).', expect.stringMatching(/^chat \S+$/)]);
    expect(lastChatBody().model).toBe('gpt-test');
    expect(server.chatRequests().at(-1)!.headers.authorization).toBe('Bearer sk-from-stdin');
  });

  it('redacts an e-mail address before sending, shows it restored in the reply, and says what was redacted', async () => {
    server.then({ kind: 'ok', words: ['I will write to ', '[EMA', 'IL_1]', ' today.'] });
    const result = await cli(['chat', '--remote', 'Loopback', '--model', 'gpt-test-mini', 'Draft a note to jane.doe@example.com.']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('I will write to jane.doe@example.com today.\n');
    const sent = lastChatBody();
    expect(sent.model).toBe('gpt-test-mini');
    expect(JSON.stringify(sent.messages)).not.toContain('jane.doe');
    expect(JSON.stringify(sent.messages)).toContain('[EMAIL_1]');
    expect(result.stderr).toMatch(/^ {2}redact\s+email\s+j•+m\s+in the prompt$/m);
    expect(result.stderr).toMatch(/^enclave: 1 value was redacted before sending and restored in the reply shown here: \[EMAIL_1\] \(email\)\.$/m);
    expect(result.stderr).not.toContain('jane.doe');
  });

  it('blocks a message with a card number: exit 1 with the policy\'s reason, nothing sent', async () => {
    const before = server.chatRequests().length;
    const result = await cli(['chat', '--remote', 'Loopback', 'Charge card 4111 1111 1111 1111 please']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ {2}block\s+creditCard\s+4•+1\s+in the prompt$/m);
    expect(stderrLines(result).at(-1)).toBe(
      'enclave: Not sent: the message contains credit card numbers, which the policy does not allow to leave this machine.',
    );
    expect(result.stderr).not.toMatch(stackFrame);
    expect(server.chatRequests().length).toBe(before);
  });

  it('needs --yes for a message DLP warns about when no one is at a terminal to confirm', async () => {
    const prompt = 'Call me on +44 20 7946 0958 tomorrow.';
    const before = server.chatRequests().length;
    const refused = await cli(['chat', '--remote', 'Loopback', prompt]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^ {2}warn\s+phone\s+\+•+8\s+in the prompt$/m);
    expect(stderrLines(refused).at(-1)).toMatch(/^enclave: The machine policy asks to confirm .* pass --yes to send it anyway\.$/);
    expect(server.chatRequests().length).toBe(before);

    const confirmed = await cli(['chat', '--remote', 'Loopback', '--yes', prompt]);
    expect(confirmed.code, confirmed.stderr).toBe(0);
    expect(confirmed.stdout).toBe('Hello from the endpoint.\n');
    expect(JSON.stringify(lastChatBody().messages)).toContain('+44 20 7946 0958');
  });

  it('leaves no empty chat behind for messages that were not sent', async () => {
    const chats = await json<ChatSummary[]>(['chats', 'list']);
    // Sent: the summary, the redacted note, the confirmed call; not the blocked card or the unconfirmed call.
    expect(chats).toHaveLength(3);
  });

  it('marks a collection confidential and shows the flag in the list', async () => {
    expect((await cli(['collections', 'add', 'Board minutes'])).code).toBe(0);
    const marked = await cli(['collections', 'confidential', 'board minutes', 'on']);
    expect(marked.code, marked.stderr).toBe(0);
    expect(marked.stdout).toMatch(/^The collection "Board minutes" is now confidential: chats over it are answered by a local model only/);
    const listed = await cli(['collections', 'list']);
    expect(listed.stdout).toMatch(/^\S+\s+0\s+\S+ \S+\s+yes\s+Board minutes$/m);
  });

  it('reports remote tokens per day and model, and the record of every remote request', async () => {
    const report = await json<UsageReport>(['usage', '--since', '1d']);
    const remote = report.rows.filter((row) => row.provider === 'remote');
    expect(remote.map((row) => [row.model, row.endpointName, row.messages, row.tokensIn])).toEqual([
      ['gpt-test', 'Loopback', 2, 42],
      ['gpt-test-mini', 'Loopback', 1, 21],
    ]);
    expect(report.totals.remoteTokens).toBe(42 + 4 + 4 + 21 + 4);

    const text = await cli(['usage', '--compare', 'gpt-4o-mini']);
    expect(text.stdout).toMatch(/^DAY\s+PROVIDER\s+MODEL\s+MESSAGES\s+TOKENS IN\s+TOKENS OUT\s+COST \(USD\)$/m);
    expect(text.stdout).toMatch(/^\d{4}-\d\d-\d\d\s+Loopback\s+gpt-test\s+2\s+42\s+8\s+no price$/m);
    expect(text.stdout).toMatch(/^Remote: 75 tokens, \$0\.0000 spent\.$/m);

    const records = await json<RemoteRequestRecord[]>(['usage', 'requests']);
    expect(records.map((record) => record.outcome).sort()).toEqual(['blocked', 'complete', 'complete', 'complete']);
    expect(records.find((record) => record.outcome === 'blocked')!.dlp).toMatchObject({ total: 1, byDetector: { creditCard: 1 } });
    expect(JSON.stringify(records)).not.toMatch(/jane|4111|7946/);

    const listed = await cli(['usage', 'requests']);
    expect(listed.stdout).toMatch(/^TIME\s+ENDPOINT\s+MODEL\s+TOKENS IN\s+TOKENS OUT\s+DLP\s+OUTCOME$/m);
    expect(listed.stdout).toMatch(/\s+Loopback\s+gpt-test-mini\s+21\s+4\s+email 1; redact 1\s+complete$/m);
    expect(listed.stdout).toMatch(/\s+Loopback\s+gpt-test\s+-\s+-\s+creditCard 1; block 1\s+blocked \(dlp-blocked\)$/m);
  });

  it('records a remote request as sending before it leaves: killed mid-request, the record is there, and the next start closes it', async () => {
    server.then({ kind: 'stall', words: ['Half of a reply'] });
    const killed = await cli(['chat', '--remote', 'Loopback', 'Tell', 'me', 'a', 'long', 'story.'], {
      onStdout: (_chunk, child) => child.kill('SIGKILL'),
    });
    expect(killed.code).not.toBe(0);
    const auditEntries = (db: Database, type: string): Record<string, unknown>[] =>
      (db.prepare('SELECT actor, details FROM audit_events WHERE type = ? ORDER BY seq').all(type) as { actor: string; details: string }[]).map(
        (row) => ({ actor: row.actor, ...(JSON.parse(row.details) as Record<string, unknown>) }),
      );
    const key = await testDatabaseKey(dataDir);
    let requestId: number;
    const db = openDatabase(path.join(dataDir, 'enclave.db'), { key });
    try {
      const [newest] = listRemoteRequests(db);
      expect(newest).toMatchObject({ outcome: 'sending', model: 'gpt-test', endpointName: 'Loopback' });
      requestId = newest!.id;
      // The audit entry was written with the record, in the same transaction, before the request left.
      expect(auditEntries(db, 'remote.sending').at(-1)).toMatchObject({ actor: 'cli', requestId, model: 'gpt-test', endpointName: 'Loopback', action: 'sent' });
      expect(auditEntries(db, 'remote.completed').map((entry) => entry.requestId)).not.toContain(requestId);
    } finally {
      db.close();
    }
    const records = await json<RemoteRequestRecord[]>(['usage', 'requests']);
    expect(records[0]).toMatchObject({ outcome: 'interrupted', errorCode: 'app-closed' });
    const reopened = openDatabase(path.join(dataDir, 'enclave.db'), { key });
    try {
      expect(auditEntries(reopened, 'remote.failed').filter((entry) => entry.requestId === requestId)).toEqual([
        expect.objectContaining({ actor: 'cli', outcome: 'interrupted', errorCode: 'app-closed' }),
      ]);
    } finally {
      reopened.close();
    }
  });
});

describe('enclave policy and an offline machine, run as child processes', () => {
  const tempDir = useTempDir('enclave-cli-policy-');

  function setUp(policy?: string) {
    const dir = tempDir();
    const policyFile = path.join(dir, 'policy.json');
    if (policy !== undefined) fs.writeFileSync(policyFile, policy);
    return { policyFile, run: (args: string[]) => runCli(args, { dataDir: path.join(dir, 'data'), env: { ENCLAVE_POLICY_FILE: policyFile } }) };
  }

  it('without a policy file, shows Enclave offline and refuses to add an endpoint', async () => {
    const { policyFile, run } = setUp();
    const shown = await run(['policy']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(new RegExp(`^Policy file\\s+${escape(policyFile)} \\(from ENCLAVE_POLICY_FILE\\)$`, 'm'));
    expect(shown.stdout).toMatch(/^Status\s+missing: Enclave stays offline/m);
    expect(shown.stdout).toMatch(/^Network\s+offline: local models only/m);
    expect(shown.stdout).toMatch(/^Remote endpoints\s+none: offline, local models only$/m);
    expect(shown.stdout).toMatch(/^Data-loss prevention: e-mail addresses\s+block/m);

    const refused = await run(['endpoints', 'add', 'Hosted', 'https://api.openai.com/v1']);
    expect(refused.code).toBe(1);
    expectOneErrorLine(refused, /^enclave: The machine policy keeps Enclave offline.*Ask IT to add https:\/\/api\.openai\.com\/v1 to the machine policy\.\n$/);
  });

  it('with an invalid policy file, stays offline and says which line is wrong', async () => {
    const { run } = setUp('{\n  "network": {\n    "mode": "allowlist",\n    "endpoints": ["ftp://llm.example"]\n  }\n}\n');
    const status = JSON.parse((await run(['policy', 'show', '--json'])).stdout) as PolicyStatus;
    expect(status).toMatchObject({ networkMode: 'offline', allowedEndpoints: [], source: { status: 'invalid', origin: 'environment' } });
    expect(status.source.error).toMatch(/line 4, network\.endpoints\[0\]: "ftp:\/\/llm\.example" must start with https:\/\//);

    const refused = await run(['endpoints', 'add', 'Internal', 'https://llm.example/v1']);
    expect(refused.code).toBe(1);
    expectOneErrorLine(refused, /^enclave: The machine policy keeps Enclave offline.* is invalid: line 4, network\.endpoints\[0\]/);
  });
});

function expectOneErrorLine(result: CliResult, pattern: RegExp): void {
  expect(stderrLines(result)).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(stackFrame);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
