import dns from 'node:dns';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runHandler } from '../../../electron/core/ipc/dispatch.js';
import { startTestCore, type TestCore, testPolicy } from '../../support/core.js';

/**
 * With the default (offline) policy no socket is opened at all: not for adding an endpoint, listing
 * its models, nor sending to it, even when an endpoint is already in the database (added while an
 * earlier policy allowed it). Intercepted at Node's net layer, below fetch and the openai client.
 */
describe('offline policy: no socket, whatever is asked', () => {
  let root: string;
  let test: TestCore;
  const connect = vi.spyOn(net.Socket.prototype, 'connect');
  const lookup = vi.spyOn(dns, 'lookup');
  const request = <C extends Parameters<typeof runHandler>[1]>(channel: C, payload: unknown) => runHandler(test.core.handlers, channel, payload);

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-offline-'));
    test = await startTestCore(root, { withModel: false, policy: testPolicy({ network: { mode: 'offline' } }) });
    test.core.db!
      .prepare(`INSERT INTO endpoints (id, name, base_url, key_storage, created_at) VALUES ('e1', 'Hosted', 'https://api.example.com/v1', 'none', 0)`)
      .run();
    connect.mockClear();
    lookup.mockClear();
  });
  afterAll(async () => {
    await test.core.dispose();
    fs.rmSync(root, { recursive: true, force: true });
    connect.mockRestore();
    lookup.mockRestore();
  });

  it('refuses every remote operation with the policy reason and opens nothing', async () => {
    await expect(request('endpoints.add', { name: 'Other', baseUrl: 'https://llm.example/v1' })).rejects.toMatchObject({ code: 'remote-not-allowed' });
    await expect(request('endpoints.models', { endpointId: 'e1' })).rejects.toMatchObject({ code: 'remote-not-allowed' });
    const chat = await request('chats.create', {});
    await expect(
      request('chats.send', { chatId: chat.id, content: 'Hello', remote: { endpointId: 'e1', model: 'gpt-4o' } }),
    ).rejects.toMatchObject({ code: 'remote-not-allowed', message: expect.stringMatching(/offline/) });
    expect(await request('endpoints.list', {})).toEqual([expect.objectContaining({ name: 'Hosted', allowed: false })]);
    expect((await request('policy.status', {})).networkMode).toBe('offline');
    expect(connect).not.toHaveBeenCalled();
    expect(lookup).not.toHaveBeenCalled();
    expect((await request('chats.get', { chatId: chat.id })).messages).toEqual([]);
  });

  it('would have seen a socket: the interception itself works (a closed loopback port)', async () => {
    await fetch('http://127.0.0.1:59999/').catch(() => undefined);
    expect(connect).toHaveBeenCalled();
  });
});
