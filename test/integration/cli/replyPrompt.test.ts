import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, ChatSummary } from '../../../electron/shared/domain.js';
import type { PolicyFile } from '../../../electron/shared/policy.js';
import type { ReplyPrompt } from '../../../electron/shared/replyPrompt.js';
import { ensureTestModel } from '../../../scripts/generate-test-models.js';
import { FakeOpenAiServer } from '../../support/fakeOpenAiServer.js';
import { useTempDir } from '../../support/tempDir.js';
import { runCli, stderrLines } from './runCli.js';

interface ShownChat {
  messages: (ChatMessage & { prompt?: ReplyPrompt | null })[];
}

/**
 * What an auditor asks first, "what exactly did the model see?", from the command line: `chats show
 * --json` gives each reply its kept prompt (the same text `enclave prompt` renders for the same turns),
 * and `enclave prompt --remote` prints the request body as it would leave for an endpoint, after DLP,
 * sending nothing: the same bytes a send of that message puts on the wire.
 */
describe('enclave chats show --json and prompt --remote: the exact prompt', () => {
  const server = new FakeOpenAiServer();
  const tempDir = useTempDir();
  let baseUrl: string;

  beforeAll(async () => {
    baseUrl = await server.start();
  });
  afterAll(() => server.stop());

  function policyFile(dir: string, endpoints: string[]): string {
    const file = path.join(dir, `policy-${endpoints.length}.json`);
    const policy: PolicyFile = { network: { mode: 'allowlist', endpoints }, dlp: { actions: { email: 'redact', creditCard: 'block' } } };
    fs.writeFileSync(file, JSON.stringify(policy));
    return file;
  }

  it('shows each reply with the prompt it was given, equal to what `enclave prompt` renders', async () => {
    const dir = tempDir();
    const options = { dataDir: path.join(dir, 'data') };
    const model = await ensureTestModel('tiny-chat');
    const chatted = await runCli(['chat', '--model', model, '--max-tokens', '16', 'Hello there'], options);
    expect(chatted.code, chatted.stderr).toBe(0);
    const chats = JSON.parse((await runCli(['chats', 'list', '--json'], options)).stdout) as ChatSummary[];
    const shown = await runCli(['chats', 'show', chats[0]!.id, '--json'], options);
    expect(shown.code, shown.stderr).toBe(0);
    const [question, reply] = (JSON.parse(shown.stdout) as ShownChat).messages;
    expect(question).not.toHaveProperty('prompt');
    const rendered = await runCli(['prompt', '--model', model, '--max-tokens', '16', '--json', 'Hello there'], options);
    expect(rendered.code, rendered.stderr).toBe(0);
    const { prompt, tokens } = JSON.parse(rendered.stdout) as { prompt: string; tokens: number[] };
    expect(reply!.prompt).toEqual({ kind: 'local-template', text: prompt, tokenCount: tokens.length });
  }, 120_000);

  it('prints the body a remote send would carry, redacted, sending nothing; a send then carries exactly it', async () => {
    const dir = tempDir();
    const env = { ENCLAVE_POLICY_FILE: policyFile(dir, [baseUrl]) };
    const options = { dataDir: path.join(dir, 'data'), env };
    expect((await runCli(['endpoints', 'add', 'Loopback', baseUrl, '--api-key-stdin'], { ...options, input: 'sk-never-printed\n' })).code).toBe(0);
    const text = 'Draft a note to jane.doe@example.com.';

    const before = server.requests.length;
    const previewed = await runCli(['prompt', '--remote', 'loopback', '--model', 'gpt-test', text], options);
    expect(previewed.code, previewed.stderr).toBe(0);
    expect(server.requests.length, 'nothing reached the endpoint').toBe(before);
    const body = previewed.stdout.replace(/\n$/, '');
    expect(body).toContain('[EMAIL_1]');
    expect(body).not.toContain('jane.doe');
    expect(previewed.stdout + previewed.stderr).not.toContain('sk-never-printed');
    expect(stderrLines(previewed)).toEqual(['POST Loopback /chat/completions body (1 value replaced by placeholders); nothing was sent']);

    const json = await runCli(['prompt', '--remote', 'Loopback', '--model', 'gpt-test', '--json', text], options);
    expect(JSON.parse(json.stdout)).toMatchObject({ endpoint: 'Loopback', model: 'gpt-test', route: 'remote', prompt: body, redactions: 1 });

    const sent = await runCli(['chat', '--remote', 'Loopback', '--model', 'gpt-test', text], options);
    expect(sent.code, sent.stderr).toBe(0);
    expect(server.chatRequests().at(-1)!.rawBody).toBe(body);
    const chats = JSON.parse((await runCli(['chats', 'list', '--json'], options)).stdout) as ChatSummary[];
    const shown = JSON.parse((await runCli(['chats', 'show', chats[0]!.id, '--json'], options)).stdout) as ShownChat;
    expect(shown.messages.at(-1)!.prompt).toEqual({ kind: 'remote-request', text: body, tokenCount: null });
  }, 120_000);

  it('says in one line why a body would not leave: a blocked message, an endpoint the policy forbids (exit 1)', async () => {
    const dir = tempDir();
    const options = { dataDir: path.join(dir, 'data'), env: { ENCLAVE_POLICY_FILE: policyFile(dir, [baseUrl]) } };
    expect((await runCli(['endpoints', 'add', 'Loopback', baseUrl], options)).code).toBe(0);
    const before = server.requests.length;

    const blocked = await runCli(['prompt', '--remote', 'Loopback', '--model', 'gpt-test', 'Charge card 4111 1111 1111 1111'], options);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toBe('');
    expect(stderrLines(blocked)).toEqual([expect.stringMatching(/^Not sent: the message contains credit card numbers/)]);

    const forbidden = await runCli(['prompt', '--remote', 'Loopback', '--model', 'gpt-test', 'Hello'], {
      ...options,
      env: { ENCLAVE_POLICY_FILE: policyFile(dir, []) },
    });
    expect(forbidden.code).toBe(1);
    expect(forbidden.stdout).toBe('');
    expect(stderrLines(forbidden)).toHaveLength(1);
    expect(stderrLines(forbidden)[0]).toMatch(/^enclave: .*(allow|polic)/i);

    const noModel = await runCli(['prompt', '--remote', 'Loopback', 'Hello'], options);
    expect(noModel.code).toBe(2);
    expect(server.requests.length, 'nothing reached the endpoint').toBe(before);
  }, 120_000);
});
