import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runHandler } from '../../../electron/core/ipc/dispatch.js';
import { type PolicyWatcher, watchPolicy } from '../../../electron/core/policy/index.js';
import { nextEvent, useTestCore } from '../../support/core.js';
import { useTempDir } from '../../support/tempDir.js';

const tempDir = useTempDir('enclave-policy-change-');
const startCore = useTestCore();
let watcher: PolicyWatcher | undefined;
afterEach(() => watcher?.close());

const sha = (content: string) => crypto.createHash('sha256').update(content).digest('hex');

/**
 * A running core follows the machine policy as the app's does: a file an administrator edits while
 * Enclave runs applies from then on, is an audit entry, and windows hear `policy.changed`.
 */
describe('a policy change while core runs', () => {
  it('opens the allowlist an edited file names, records the change, and tells the windows', async () => {
    const file = path.join(tempDir(), 'policy.json');
    const offline = '{"network": {"mode": "offline"}}';
    fs.writeFileSync(file, offline);
    watcher = watchPolicy({ env: { ENCLAVE_POLICY_FILE: file }, allowPolicyFile: true, debounceMs: 20 });
    const test = await startCore({ withModel: false, policy: watcher.policies });
    const request = <C extends Parameters<typeof runHandler>[1]>(channel: C, payload: unknown) => runHandler(test.core.handlers, channel, payload);
    const endpoint = { name: 'Internal', baseUrl: 'https://llm.internal.example/v1' };
    await expect(request('endpoints.add', endpoint)).rejects.toMatchObject({ code: 'remote-not-allowed' });

    const allowlist = JSON.stringify({ name: 'Contoso IT', network: { mode: 'allowlist', endpoints: ['https://llm.internal.example/v1'] } });
    const heard = nextEvent(test.core, (event) => event.type === 'policy.changed');
    fs.writeFileSync(file, allowlist);
    await heard;

    await expect(request('endpoints.add', endpoint)).resolves.toMatchObject({ name: 'Internal', allowed: true });
    await expect(request('policy.status', {})).resolves.toMatchObject({ networkMode: 'allowlist', source: { status: 'loaded' } });
    expect(test.core.policy.policy.name).toBe('Contoso IT');

    const rows = test.core.db!.prepare(`SELECT type, details FROM audit_events WHERE type LIKE 'policy.%' ORDER BY seq`).all() as { type: string; details: string }[];
    const policyEntries = rows.map((row) => [row.type, JSON.parse(row.details) as unknown]);
    expect(policyEntries).toEqual(
      expect.arrayContaining([
        ['policy.changed', expect.objectContaining({ path: file, previousSha256: sha(offline), sha256: sha(allowlist) })],
        ['policy.loaded', expect.objectContaining({ sha256: sha(allowlist), networkMode: 'allowlist', name: 'Contoso IT', layers: { [file]: sha(allowlist) } })],
      ]),
    );
  });

  it('goes offline at once when the file is broken, and says why', async () => {
    const file = path.join(tempDir(), 'policy.json');
    fs.writeFileSync(file, '{"network": {"mode": "allowlist", "endpoints": ["https://llm.internal.example/v1"]}}');
    watcher = watchPolicy({ env: { ENCLAVE_POLICY_FILE: file }, allowPolicyFile: true, debounceMs: 20 });
    const test = await startCore({ withModel: false, policy: watcher.policies });
    const request = <C extends Parameters<typeof runHandler>[1]>(channel: C, payload: unknown) => runHandler(test.core.handlers, channel, payload);
    fs.writeFileSync(file, '{"network": {"mode": "allowlist", "endpoints": ["https://llm.internal.example/v1",]}}');
    watcher.check();
    await expect(request('endpoints.add', { name: 'Internal', baseUrl: 'https://llm.internal.example/v1' })).rejects.toMatchObject({ code: 'remote-not-allowed' });
    await expect(request('policy.status', {})).resolves.toMatchObject({ source: { status: 'invalid', error: expect.stringMatching(/not valid JSON/) as string } });
  });
});
