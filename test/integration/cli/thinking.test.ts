import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PolicyFile } from '../../../electron/shared/policy.js';
import { type Behaviour, FakeOpenAiServer } from '../../support/fakeOpenAiServer.js';
import { runCli } from './runCli.js';

/**
 * `enclave chat --show-thinking` (issue 21): a reasoning model's thoughts go to stderr, only when
 * asked, and stdout stays the answer alone, so `enclave chat ... > answer.txt` holds no thoughts. The
 * CLI runs as a child process; the thinking model is a loopback OpenAI-compatible server streaming
 * `reasoning_content` deltas, as llama-server and vLLM do.
 */
describe('enclave chat --show-thinking, run as a child process', () => {
  const server = new FakeOpenAiServer();
  let root: string;
  let dataDir: string;
  let policyFile: string;
  const env = () => ({ ENCLAVE_POLICY_FILE: policyFile, ENCLAVE_TEST_KEY: 'sk-test' });
  const thinkingReply: Behaviour = { kind: 'ok', thoughts: ['Weighing', ' the question.'], words: ['Forty', '-two.'] };

  beforeAll(async () => {
    const baseUrl = await server.start();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-cli-thinking-'));
    dataDir = path.join(root, 'data');
    policyFile = path.join(root, 'policy.json');
    const policy: PolicyFile = { network: { mode: 'allowlist', endpoints: [baseUrl] } };
    fs.writeFileSync(policyFile, JSON.stringify(policy));
    const added = await runCli(['endpoints', 'add', 'Thinker', baseUrl, '--api-key-env', 'ENCLAVE_TEST_KEY'], { dataDir, env: env() });
    expect(added.code, added.stderr).toBe(0);
  });
  afterAll(async () => {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('prints the thoughts on stderr with --show-thinking, and only the answer on stdout', async () => {
    server.then(thinkingReply);
    const shown = await runCli(['chat', '--remote', 'Thinker', '--model', 'gpt-test', '--show-thinking', 'What is the answer?'], { dataDir, env: env() });
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toBe('Forty-two.\n');
    expect(shown.stderr).toContain('Weighing the question.\n');

    // The transcript notes the thinking; --json carries the thoughts, apart from the content.
    const chatId = /^chat (\S+)$/m.exec(shown.stderr)?.[1] ?? '';
    const transcript = await runCli(['chats', 'show', chatId], { dataDir, env: env() });
    expect(transcript.stdout).toMatch(/^assistant \(.*thought [\d.]+ s\):\n {2}Forty-two\.$/m);
    const json = await runCli(['chats', 'show', chatId, '--json'], { dataDir, env: env() });
    const reply = (JSON.parse(json.stdout) as { messages: { content: string; thought: { text: string } | null }[] }).messages.at(-1);
    expect(reply).toMatchObject({ content: 'Forty-two.', thought: { text: 'Weighing the question.' } });
  });

  it('leaves the thoughts out everywhere without it', async () => {
    server.then(thinkingReply);
    const quiet = await runCli(['chat', '--remote', 'Thinker', '--model', 'gpt-test', 'What is the answer?'], { dataDir, env: env() });
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).toBe('Forty-two.\n');
    expect(quiet.stderr).not.toContain('Weighing');
  });
});
