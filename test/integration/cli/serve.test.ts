import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { ensureTestModel } from '../../../scripts/generate-test-models.js';
import { externalBinds, externalConnects } from '../../support/egress.js';
import { useTempDir } from '../../support/tempDir.js';
import { runCli, stderrLines } from './runCli.js';

/** A port nothing listens on now (the kernel's choice, released again). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Ctrl-C for the CLI under strace: to the traced process itself, strace's child (strace, signalled,
 * would detach and leave it running).
 */
function interruptTraced(stracePid: number): void {
  const children = fs.readFileSync(`/proc/${stracePid}/task/${stracePid}/children`, 'utf8').trim().split(/\s+/);
  process.kill(Number(children[0]), 'SIGINT');
}

/**
 * `enclave serve` as an administrator and a script use it: refused in one line without the policy;
 * clients' tokens made, listed and revoked; the server answering the `openai` SDK until Ctrl-C, every
 * socket it opens (connect and bind, traced in the kernel) on loopback.
 */
describe('enclave serve', () => {
  const tempDir = useTempDir();

  function setUp(policy: unknown) {
    const dir = tempDir();
    const policyFile = path.join(dir, 'policy.json');
    fs.writeFileSync(policyFile, JSON.stringify(policy));
    return { dir, options: { dataDir: path.join(dir, 'data'), env: { ENCLAVE_POLICY_FILE: policyFile } } };
  }

  it('is refused in one line, exit 1, where the machine policy does not enable it', async () => {
    const { options } = setUp({ network: { mode: 'offline' } });
    const result = await runCli(['serve'], options);
    expect(result.code).toBe(1);
    expect(stderrLines(result)).toEqual([expect.stringContaining('apiServer.enabled')]);
    const lan = setUp({ apiServer: { enabled: true } });
    const onLan = await runCli(['serve', '--host', '0.0.0.0', '--port', String(await freePort())], lan.options);
    expect(onLan.code).toBe(1);
    expect(stderrLines(onLan)).toEqual([expect.stringContaining('apiServer.allowLan')]);
  }, 60_000);

  it('makes, lists and revokes clients\' tokens; serves the openai SDK on loopback only until Ctrl-C', async () => {
    const { dir, options } = setUp({ apiServer: { enabled: true } });
    const added = await runCli(['serve', 'tokens', 'add', 'ci-script'], options);
    expect(added.code, added.stderr).toBe(0);
    const token = added.stdout.trim();
    expect(token).toMatch(/^enclave-[A-Za-z0-9_-]{43}$/);
    expect(added.stderr).toContain('shown this once');
    const duplicate = await runCli(['serve', 'tokens', 'add', 'CI-script'], options);
    expect(duplicate.code).toBe(1);
    const listed = await runCli(['serve', 'tokens', 'list', '--json'], options);
    expect(JSON.parse(listed.stdout)).toEqual([{ name: 'ci-script', createdAt: expect.any(Number), lastUsedAt: null }]);

    const model = await ensureTestModel('tiny-chat');
    const modelsDir = path.join(dir, 'data', 'models');
    fs.mkdirSync(modelsDir, { recursive: true });
    const imported = await runCli(['models', 'add', model], options);
    expect(imported.code, imported.stderr).toBe(0);

    const port = await freePort();
    const traceFile = path.join(dir, 'sockets.trace');
    let answers: { text: string; streamed: string; models: string[] } | undefined;
    let failure: unknown;
    const serving = runCli(['serve', '--port', String(port), '--threads', '1'], {
      ...options,
      timeoutMs: 120_000,
      strace: ['-f', '-qq', '-e', 'trace=connect,bind', '-o', traceFile],
      onStdout: (chunk, child) => {
        if (!chunk.includes('Serving the local models at')) return;
        const client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: token, maxRetries: 0 });
        void (async () => {
          const models = [];
          for await (const listedModel of client.models.list()) models.push(listedModel.id);
          const whole = await client.chat.completions.create({ model: models[0]!, messages: [{ role: 'user', content: 'Hello' }], max_completion_tokens: 8, temperature: 0 });
          let streamed = '';
          const stream = await client.chat.completions.create({ model: models[0]!, messages: [{ role: 'user', content: 'Hello' }], max_completion_tokens: 8, temperature: 0, stream: true });
          for await (const part of stream) streamed += part.choices[0]?.delta.content ?? '';
          answers = { text: whole.choices[0]!.message.content ?? '', streamed, models };
        })()
          .catch((error: unknown) => (failure = error))
          .finally(() => interruptTraced(child.pid!));
      },
    });
    const served = await serving;
    expect(failure).toBeUndefined();
    expect(served.code, served.stderr).toBe(0);
    expect(served.stdout).toContain(`http://127.0.0.1:${port}/v1`);
    expect(served.stdout).toContain('Stopping the API server.');
    expect(answers!.models).toHaveLength(1);
    expect(answers!.text.length).toBeGreaterThan(0);
    expect(answers!.streamed).toBe(answers!.text);
    const trace = fs.readFileSync(traceFile, 'utf8');
    expect(trace).toContain(`htons(${port})`);
    expect(externalConnects(trace)).toEqual([]);
    expect(externalBinds(trace)).toEqual([]);

    const afterUse = await runCli(['serve', 'tokens', 'list'], options);
    expect(afterUse.stdout).not.toContain('never');
    const revoked = await runCli(['serve', 'tokens', 'revoke', 'ci-script'], options);
    expect(revoked.stdout.trim()).toBe('Revoked the token of ci-script.');
    expect((await runCli(['serve', 'tokens', 'list'], options)).stdout).toContain('No API clients.');
  }, 180_000);
});
