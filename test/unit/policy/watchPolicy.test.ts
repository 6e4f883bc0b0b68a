import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type PolicyWatcher, watchPolicy } from '../../../electron/core/policy/index.js';
import type { LoadedPolicy } from '../../../electron/core/policy/loadPolicy.js';
import { useTempDir } from '../../support/tempDir.js';

const tempDir = useTempDir('enclave-policy-watch-');
let watcher: PolicyWatcher | undefined;
afterEach(() => watcher?.close());

/** Watches a Linux machine root that starts without /etc/enclave at all. */
function watchRoot(options: { pollIntervalMs?: number } = {}) {
  const root = tempDir();
  fs.mkdirSync(path.join(root, 'etc'));
  watcher = watchPolicy({ env: {}, platform: 'linux', root, allowPolicyFile: false, debounceMs: 20, pollIntervalMs: 60_000, ...options });
  const changes: LoadedPolicy[] = [];
  watcher.policies.onChange((next) => changes.push(next));
  return { watcher, changes, write: (name: string, content: string) => writeFile(path.join(root, 'etc/enclave', name), content) };
}

function writeFile(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('following the policy while the app runs', () => {
  it('sees a policy file created, edited and a fragment added, each once, by the folder watches alone', async () => {
    const { watcher, changes, write } = watchRoot();
    expect(watcher.policies.current().source.status).toBe('missing');
    write('policy.json', '{"network": {"mode": "offline"}}');
    await until(() => changes.length === 1);
    expect(changes[0]?.source.status).toBe('loaded');
    write('policy.json', '{"network": {"mode": "allowlist", "endpoints": ["https://llm.example/v1"]}}');
    await until(() => watcher.policies.current().policy.network.mode === 'allowlist');
    write('policy.d/10-name.json', '{"name": "Contoso IT"}');
    await until(() => watcher.policies.current().policy.name === 'Contoso IT');
    expect(watcher.policies.current().source.layers).toHaveLength(2);
  });

  it('changes nothing when the content read again is the same', () => {
    const { watcher, changes, write } = watchRoot();
    write('policy.json', '{"name": "Contoso IT"}');
    expect(watcher.check()).toBe(true);
    write('policy.json', '{"name": "Contoso IT"}');
    expect(watcher.check()).toBe(false);
    expect(changes).toHaveLength(1);
  });

  it('polls, for the sources no watch sees (the registry, managed preferences)', async () => {
    const root = tempDir();
    // File events wait far longer than the test: only the poll can see the change in time.
    watcher = watchPolicy({ env: {}, platform: 'linux', root, allowPolicyFile: false, pollIntervalMs: 50, debounceMs: 60_000 });
    expect(watcher.policies.current().source.status).toBe('missing');
    writeFile(path.join(root, 'etc/enclave/policy.json'), '{"name": "Polled"}');
    await until(() => watcher?.policies.current().policy.name === 'Polled');
  });

  it('stops following once closed', async () => {
    const { watcher, changes, write } = watchRoot({ pollIntervalMs: 30 });
    watcher.close();
    write('policy.json', '{"name": "Too late"}');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(changes).toEqual([]);
  });
});
