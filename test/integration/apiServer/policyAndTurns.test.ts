import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHandler } from '../../../electron/core/ipc/dispatch.js';
import { PolicyHolder } from '../../../electron/core/policy/policyHolder.js';
import type { ModelInfo } from '../../../electron/shared/models.js';
import { startTestCore, type TestCore, testPolicy } from '../../support/core.js';

/**
 * The server under a policy that changes while it runs, and its clients waiting behind the app: the
 * window's reply goes before API requests that were already waiting for the model.
 */
describe('the local API server under policy, behind the app', () => {
  let root: string;
  let test: TestCore;
  let policies: PolicyHolder;
  let model: ModelInfo;
  let token: string;

  /** A policy as the watcher reads it after a change: its hash is what tells the holder it changed. */
  let edits = 0;
  const changedPolicy = (file: Parameters<typeof testPolicy>[0]) => ({ ...testPolicy(file), sha256: `edit-${++edits}` });

  const request = <C extends Parameters<typeof runHandler>[1]>(channel: C, payload: unknown) => runHandler(test.core.handlers, channel, payload);

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-api-policy-'));
    policies = new PolicyHolder(testPolicy({}));
    test = await startTestCore(root, { policy: policies, inference: { contextSize: 1024 } });
    model = (await request('models.list', {})).models[0]!;
  });

  afterAll(async () => {
    await test.core.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('without the policy, the switch is refused by name and nothing listens', async () => {
    expect(await request('apiServer.status', {})).toMatchObject({ allowedByPolicy: false, running: false, url: null });
    await expect(request('apiServer.setEnabled', { enabled: true })).rejects.toMatchObject({ code: 'api-server-not-allowed' });
    await expect(test.core.apiServer!.start({ port: 0 })).rejects.toMatchObject({ code: 'api-server-not-allowed' });
  });

  it('starts when the policy allows it, and stops at once when a policy change takes that back', async () => {
    policies.replace(changedPolicy({ apiServer: { enabled: true, maxConcurrentRequests: 4 } }));
    const status = await request('apiServer.setEnabled', { enabled: true, port: 28_484 });
    expect(status).toMatchObject({ running: true, url: 'http://127.0.0.1:28484/v1', port: 28_484, problem: null });
    token = (await request('apiServer.addToken', { name: 'watcher' })).token;
    expect((await fetch(`${status.url!}/models`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);

    policies.replace(changedPolicy({}));
    await expect.poll(async () => (await request('apiServer.status', {})).running).toBe(false);
    await expect(fetch(`${status.url!}/models`)).rejects.toThrow();
    const types = (test.core.db!.prepare("SELECT type, details FROM audit_events WHERE type = 'api.stopped'").all() as { details: string }[]).map((row) => JSON.parse(row.details) as unknown);
    expect(types).toEqual([{ port: 28_484, reason: 'policy' }]);
  });

  it('a port in use is the status\'s problem, in words, and the switch stays on for the next start', async () => {
    policies.replace(changedPolicy({ apiServer: { enabled: true, maxConcurrentRequests: 4 } }));
    const net = await import('node:net');
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(28_485, '127.0.0.1', resolve));
    try {
      const status = await request('apiServer.setEnabled', { enabled: true, port: 28_485 });
      expect(status).toMatchObject({ running: false, problem: expect.stringContaining('Port 28485 on 127.0.0.1 is in use') });
    } finally {
      squatter.close();
    }
    await test.core.apiServer!.resume();
    expect(await request('apiServer.status', {})).toMatchObject({ running: true, problem: null, url: 'http://127.0.0.1:28485/v1' });
  });

  it("the app's reply starts at once while API requests hold every sequence they may, and more wait", async () => {
    policies.replace(changedPolicy({ apiServer: { enabled: true, maxConcurrentRequests: 2 } }));
    const url = (await request('apiServer.status', {})).url!;
    await request('models.unload', {});
    const finished: string[] = [];
    const apiRequest = (label: string, maxTokens: number, stream: boolean) =>
      fetch(`${url}/chat/completions`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ model: model.id, messages: [{ role: 'user', content: `${label}: write.` }], max_completion_tokens: maxTokens, temperature: 0, stream }),
      }).then(async (response) => {
        await response.text();
        finished.push(label);
      });
    // Two long replies fill the two sequences API requests may hold; a third waits its turn at the server.
    const api = [apiRequest('api-1', 600, true), apiRequest('api-2', 600, false)];
    await expect.poll(() => test.core.provider.loaded().find((info) => info.modelId === model.id)?.sequences, { timeout: 30_000 }).toBe(3);
    api.push(apiRequest('api-3', 8, false));
    await expect.poll(() => test.core.apiServer!.running!.counts(), { timeout: 10_000 }).toEqual({ running: 2, waiting: 1 });
    const app = test.core.provider
      .streamChat({ model, turns: [{ role: 'user', content: 'Hello' }], maxTokens: 8, temperature: 0 }, { onText: () => undefined }, new AbortController().signal)
      .then(() => finished.push('app'));
    await Promise.all([app, ...api]);
    // The third sequence is the app's: its short reply ends while both long API replies still write.
    expect(finished[0]).toBe('app');
  }, 60_000);

  it('loads chat models for the policy\'s concurrent requests and one more while the server runs, two otherwise', async () => {
    policies.replace(changedPolicy({ apiServer: { enabled: true, maxConcurrentRequests: 4 } }));
    expect((await request('models.load', { modelId: model.id })).sequences).toBe(5);
    await request('apiServer.setEnabled', { enabled: false });
    expect((await request('models.load', { modelId: model.id })).sequences).toBe(2);
  }, 60_000);
});
