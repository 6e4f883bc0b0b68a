import net from 'node:net';
import tls from 'node:tls';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runHandler } from '../../../electron/core/ipc/dispatch.js';
import type { Channel } from '../../../electron/shared/contract.js';
import type { PolicyFile } from '../../../electron/shared/policy.js';
import { startTestCore, testPolicy, type TestCore, useTestCore } from '../../support/core.js';
import { useTempDir } from '../../support/tempDir.js';
import { collectorCaFile, SyslogCollector } from '../../support/syslogCollector.js';

type Collector = NonNullable<NonNullable<PolicyFile['audit']>['collector']>;
type StartOptions = NonNullable<Parameters<ReturnType<typeof useTestCore>>[0]>;

/**
 * Forwarding the audit trail to a syslog collector the policy names (audit/forwarding/), against a
 * real collector on loopback over TLS and TCP: every entry arrives, in order, as an RFC 5424 line;
 * while the collector is down or the connection breaks nothing is dropped; and without a collector in
 * the policy no connection is ever opened.
 */
describe('audit forwarding to a syslog collector', () => {
  const start = useTestCore();
  const tempDir = useTempDir();
  const collectors: SyslogCollector[] = [];
  afterEach(async () => {
    await Promise.all(collectors.splice(0).map((collector) => collector.close()));
    vi.restoreAllMocks();
  });

  async function listening(transport: 'tls' | 'tcp', port?: number): Promise<{ collector: SyslogCollector; port: number }> {
    const collector = new SyslogCollector(transport);
    collectors.push(collector);
    return { collector, port: await collector.listen(port) };
  }

  function startWith(collector: Collector, options: Pick<StartOptions, 'forwardAudit' | 'auditForwarding'> = {}): Promise<TestCore> {
    return start({ withModel: false, policy: testPolicy({ audit: { collector } }), ...options });
  }

  const request = <C extends Channel>(test: TestCore, channel: C, payload: unknown = {}) => runHandler(test.core.handlers, channel, payload);

  async function allSeqs(test: TestCore): Promise<number[]> {
    return (await request(test, 'audit.list', {})).map((entry) => entry.seq);
  }

  /** A free loopback port with nothing listening on it. */
  async function closedPort(): Promise<number> {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return port;
  }

  it('sends every entry over TLS, in order, as RFC 5424 lines a collector files, and says so', async () => {
    const { collector, port } = await listening('tls');
    const test = await startWith({ host: 'localhost', port, caFile: collectorCaFile });
    await request(test, 'collections.create', { name: 'Collection dark' });

    const forwarded = await request(test, 'audit.forward');
    const seqs = await allSeqs(test);
    expect(forwarded.delivered).toBe(seqs.length);
    expect(collector.sequenceNumbers()).toEqual(seqs);
    expect(collector.messages[0]).toMatch(/^<37>1 \d{4}-\d\d-\d\dT[\d:.]+Z \S+ enclave - app\.started \[enclave@32473 seq="1" actor="app" hash="[0-9a-f]{64}"\] \{/);
    expect(forwarded.status).toMatchObject({ collector: `tls://localhost:${String(port)}`, deliveredSeq: seqs.at(-1), waiting: 0, lastError: null });

    // Nothing waits: a second forward opens no connection at all.
    const connections = collector.connections;
    expect((await request(test, 'audit.forward')).delivered).toBe(0);
    expect(collector.connections).toBe(connections);
  });

  it('keeps entries while the collector is down and delivers them, nothing missing, when it answers', async () => {
    const port = await closedPort();
    const test = await startWith({ host: '127.0.0.1', port, transport: 'tcp' });
    await expect(request(test, 'audit.forward')).rejects.toThrow(/could not be forwarded to tcp:\/\/127\.0\.0\.1:\d+: connection refused.*wait in the database/);
    await request(test, 'collections.create', { name: 'Collection light' });
    const status = await request(test, 'audit.forwarding');
    expect(status).toMatchObject({ deliveredSeq: 0, waiting: (await allSeqs(test)).length, lastError: expect.stringContaining('connection refused') as unknown });

    const { collector } = await listening('tcp', port);
    await request(test, 'audit.forward');
    expect(collector.sequenceNumbers()).toEqual(await allSeqs(test));
    expect(await request(test, 'audit.forwarding')).toMatchObject({ waiting: 0, lastError: null });
  });

  it('sends again what a broken connection may have lost: the collector ends with every entry', async () => {
    const { collector, port } = await listening('tcp');
    const test = await startWith({ host: '127.0.0.1', port, transport: 'tcp' });
    for (const name of ['Contracts', 'Claims', 'Audits', 'Minutes']) await request(test, 'collections.create', { name });
    collector.behaviour = { dropAfterBytes: 700 };
    await expect(request(test, 'audit.forward')).rejects.toThrow(/tcp:\/\/127\.0\.0\.1:\d+: /);
    expect(await request(test, 'audit.forwarding')).toMatchObject({ deliveredSeq: 0 });
    expect(collector.messages.length).toBeGreaterThan(0);

    collector.behaviour = {};
    await request(test, 'audit.forward');
    const seqs = await allSeqs(test);
    expect([...new Set(collector.sequenceNumbers())].sort((a, b) => a - b)).toEqual(seqs);
    expect(collector.sequenceNumbers().slice(-seqs.length)).toEqual(seqs);
  });

  it('does not count entries as delivered when the collector never confirms them by closing', async () => {
    const { collector, port } = await listening('tcp');
    collector.behaviour = { neverClose: true };
    // The app waits 30 s for the close; this collector would give no sign in 30 s either.
    const test = await startWith({ host: '127.0.0.1', port, transport: 'tcp' }, { auditForwarding: { timeouts: { connectMs: 1000, confirmMs: 300 } } });
    await expect(request(test, 'audit.forward')).rejects.toThrow(/did not close the connection .* not confirmed/);
    expect(await request(test, 'audit.forwarding')).toMatchObject({ deliveredSeq: 0 });
  });

  it('refuses a collector whose certificate nobody it trusts signed, and says how to fix it', async () => {
    const { collector, port } = await listening('tls');
    const test = await startWith({ host: 'localhost', port });
    await expect(request(test, 'audit.forward')).rejects.toThrow(/TLS certificate is not trusted .*audit\.collector\.caFile/);
    expect(collector.messages).toEqual([]);
  });

  it('says plainly when the CA file the policy names cannot be read', async () => {
    const { port } = await listening('tls');
    const test = await startWith({ host: 'localhost', port, caFile: '/nonexistent/ca.pem' });
    await expect(request(test, 'audit.forward')).rejects.toThrow(/could not read the collector's CA file \/nonexistent\/ca\.pem \(ENOENT\)/);
  });

  it('in the app, sends each new entry on its own, soon after it is recorded', async () => {
    const { collector, port } = await listening('tls');
    const test = await startWith({ host: 'localhost', port, caFile: collectorCaFile }, { forwardAudit: true });
    await vi.waitFor(() => expect(collector.sequenceNumbers()).toEqual([1, 2]), { timeout: 5000 });
    await request(test, 'collections.create', { name: 'Collection dark' });
    const seqs = await allSeqs(test);
    await vi.waitFor(() => expect(collector.sequenceNumbers()).toEqual(seqs), { timeout: 5000 });
  });

  it('never prunes an entry the collector has not confirmed, and prunes it once it has', async () => {
    const root = tempDir();
    const port = await closedPort();
    const policy = testPolicy({ audit: { retentionDays: 1, collector: { host: '127.0.0.1', port, transport: 'tcp' } } });
    const restart = async (previous: TestCore) => {
      await previous.core.dispose();
      return startTestCore(root, { withModel: false, policy });
    };
    // A first run three days ago, its entries past retention by now; the collector was down since.
    const clock = vi.spyOn(Date, 'now').mockReturnValue(Date.now() - 3 * 24 * 60 * 60 * 1000);
    let test = await startTestCore(root, { withModel: false, policy });
    await request(test, 'collections.create', { name: 'Old' });
    const oldEntries = (await allSeqs(test)).length + 1;
    await test.core.dispose();
    clock.mockRestore();

    test = await startTestCore(root, { withModel: false, policy });
    const kept = await request(test, 'audit.list', {});
    expect(kept[0]?.seq).toBe(1);
    expect(kept.map((entry) => entry.type)).not.toContain('audit.pruned');

    const { collector } = await listening('tcp', port);
    await request(test, 'audit.forward');
    expect(collector.sequenceNumbers()[0]).toBe(1);
    test = await restart(test);
    const after = await request(test, 'audit.list', {});
    expect(after[0]?.seq).toBe(oldEntries + 1);
    expect(after.find((entry) => entry.type === 'audit.pruned')?.details).toMatchObject({ entriesDeleted: oldEntries });
    expect((await request(test, 'audit.verify', {})).ok).toBe(true);
    await test.core.dispose();
  });

  it('opens no connection at all when the policy names no collector', async () => {
    const connect = vi.spyOn(net, 'connect');
    const secureConnect = vi.spyOn(tls, 'connect');
    const test = await start({ withModel: false, forwardAudit: true });
    await request(test, 'collections.create', { name: 'Collection dark' });
    expect(await request(test, 'audit.forwarding')).toBeNull();
    await expect(request(test, 'audit.forward')).rejects.toThrow(/names no syslog collector/);
    expect(connect).not.toHaveBeenCalled();
    expect(secureConnect).not.toHaveBeenCalled();
  });
});
