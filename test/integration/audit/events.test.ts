import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuditTrail } from '../../../electron/core/audit/startTrail.js';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { runHandler } from '../../../electron/core/ipc/dispatch.js';
import { loadPolicy } from '../../../electron/core/policy/loadPolicy.js';
import type { AuditDetails } from '../../../electron/shared/audit.js';
import type { DocumentImportEvent } from '../../../electron/shared/documents.js';
import type { PolicyFile } from '../../../electron/shared/policy.js';
import { ensureTestModel } from '../../../scripts/generate-test-models.js';
import { nextEvent, startTestCore, type TestCore } from '../../support/core.js';
import { FakeOpenAiServer } from '../../support/fakeOpenAiServer.js';
import { recordStream } from '../../support/streams.js';
import { useTempDir } from '../../support/tempDir.js';

interface Entry {
  type: string;
  actor: string;
  details: Record<string, unknown>;
}

/** A word that must never reach the trail: it is put in a prompt, a document, a chat title, a collection name and an API key. */
const canary = 'CANARY-e7c1b5';

const sha256Of = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/**
 * Every act the audit trail records, done once through core's handlers as a window does them (a real
 * encrypted database, the generated models in the real model host, a loopback OpenAI-compatible
 * endpoint allowed by a policy file): each appears exactly once, in order, with its identifiers, hashes
 * and counts; and nothing the user wrote or keeps secret is in any entry. The tests run in order.
 */
describe('the audit trail of every act', () => {
  const server = new FakeOpenAiServer();
  let root: string;
  let policyFile: string;
  let test: TestCore;
  /** The last entry already checked. */
  let seen = 0;
  const ids = { chatModel: '', embeddingModel: '', linkedModel: '', adapter: '', collection: '', document: '', endpoint: '', chat: '' };

  const request = <C extends Parameters<typeof runHandler>[1]>(channel: C, payload: unknown) => runHandler(test.core.handlers, channel, payload);

  /** The entries written since the last call, in order. */
  function newEntries(): Entry[] {
    const rows = test.core.db!.prepare('SELECT seq, type, actor, details FROM audit_events WHERE seq > ? ORDER BY seq').all(seen) as {
      seq: number;
      type: string;
      actor: string;
      details: string;
    }[];
    seen = rows.at(-1)?.seq ?? seen;
    return rows.map((row) => ({ type: row.type, actor: row.actor, details: JSON.parse(row.details) as Record<string, unknown> }));
  }

  /** The entries since the last check are exactly these, in this order, each with at least these details. */
  function expectEntries(...expected: [string, AuditDetails][]): Entry[] {
    const entries = newEntries();
    expect(entries.map((entry) => entry.type)).toEqual(expected.map(([type]) => type));
    expected.forEach(([, details], index) => expect(entries[index]!.details).toMatchObject(details));
    expect(entries.every((entry) => entry.actor === 'app')).toBe(true);
    return entries;
  }

  async function sendRemote(chatId: string, content: string) {
    const finished = nextEvent(test.core, (event) => event.type === 'generation.finished' && event.chatId === chatId);
    await request('chats.send', { chatId, content, remote: { endpointId: ids.endpoint, model: 'gpt-test' } });
    return finished;
  }

  beforeAll(async () => {
    const baseUrl = await server.start();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-audit-events-'));
    policyFile = path.join(root, 'policy.json');
    const policy: PolicyFile = {
      name: 'Audit test',
      network: { mode: 'allowlist', endpoints: [baseUrl] },
      dlp: { actions: { creditCard: 'block' } },
    };
    fs.writeFileSync(policyFile, JSON.stringify(policy));
    test = await startTestCore(root, {
      policy: loadPolicy({ env: { ENCLAVE_POLICY_FILE: policyFile } }),
      remoteClient: { retry: { maxAttempts: 1, baseDelayMs: 5, maxDelayMs: 20 } },
    });
  });
  afterAll(async () => {
    await test.core.dispose();
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('records the start and the policy in force, with the hash of its file', () => {
    expectEntries(
      ['app.started', { version: '0.0.0-test', sealed: true }],
      ['policy.loaded', { path: policyFile, origin: 'environment', status: 'loaded', sha256: sha256Of(policyFile), name: 'Audit test', networkMode: 'allowlist' }],
    );
  });

  it('records models joining the catalog, checked, accepted, loaded with an adapter, re-set and removed', async () => {
    const catalog = await request('models.list', {});
    const chatModel = catalog.models.find((model) => model.fileName === 'tiny-chat.gguf')!;
    ids.chatModel = chatModel.id;
    expectEntries(['model.imported', { modelId: chatModel.id, sha256: sha256Of(chatModel.path), sizeBytes: chatModel.sizeBytes, storage: 'bundled', via: 'folder' }]);

    const embedding = await ensureTestModel('tiny-embedding');
    const copied = await request('models.importPaths', { grants: await test.grant([embedding], 'models'), mode: 'copy' });
    ids.embeddingModel = copied.imported[0]!.id;
    expectEntries(['model.imported', { modelId: ids.embeddingModel, sha256: sha256Of(embedding), storage: 'copied', via: 'import' }]);

    const linkedFile = path.join(root, 'linked.gguf');
    fs.copyFileSync(await ensureTestModel('tiny-chat-wide'), linkedFile);
    const linked = await request('models.importPaths', { grants: await test.grant([linkedFile], 'models'), mode: 'link' });
    ids.linkedModel = linked.imported[0]!.id;
    const firstSha = sha256Of(linkedFile);
    expectEntries(['model.imported', { modelId: ids.linkedModel, sha256: firstSha, storage: 'linked', via: 'import' }]);

    // Bytes after the tensors: still a valid GGUF file, but not the one imported.
    fs.appendFileSync(linkedFile, Buffer.alloc(64));
    await request('models.verify', {});
    expectEntries(
      ['model.verified', { scope: 'all', checked: 3, ok: 2, changed: 1, missing: 0, notOk: { [ids.linkedModel]: 'changed' } }],
      ['model.changed', { modelId: ids.linkedModel, expectedSha256: firstSha, foundSha256: sha256Of(linkedFile) }],
    );
    await request('models.accept', { modelId: ids.linkedModel });
    expectEntries(['model.accepted', { modelId: ids.linkedModel, sha256: sha256Of(linkedFile), previousSha256: firstSha }]);

    const lora = await ensureTestModel('tiny-chat-lora');
    const [grant] = await test.grant([lora], 'adapter');
    const adapter = (await request('models.addAdapter', { modelId: ids.chatModel, grant, scale: 1 }))!;
    ids.adapter = adapter.id;
    expectEntries(['adapter.attached', { modelId: ids.chatModel, adapterId: adapter.id, sha256: sha256Of(lora), scale: 1 }]);
    await request('models.updateSettings', { modelId: ids.chatModel, settings: { threads: 1, flashAttention: false } });
    expectEntries(
      ['settings.changed', { modelId: ids.chatModel, setting: 'threads', from: 'auto', to: 1 }],
      ['settings.changed', { modelId: ids.chatModel, setting: 'flashAttention', from: 'auto', to: false }],
    );

    await request('models.load', { modelId: ids.chatModel });
    expectEntries(['model.loaded', { modelId: ids.chatModel, sha256: chatModel.sha256, adapters: { [adapter.id]: sha256Of(lora) } }]);
    // Already in memory: nothing new came in.
    await request('models.load', { modelId: ids.chatModel });
    expectEntries();

    await request('models.remove', { modelId: ids.embeddingModel });
    expectEntries(['model.removed', { modelId: ids.embeddingModel, fileDeleted: true }]);
  });

  it('records collections and documents: created, imported, marked confidential, removed', async () => {
    const collection = await request('collections.create', { name: `Board ${canary}` });
    ids.collection = collection.id;
    expectEntries(['collection.created', { collectionId: collection.id, chatId: null }]);

    const file = path.join(root, `notes-${canary}.txt`);
    fs.writeFileSync(file, `Minutes of the board. ${canary} is the code name of the merger.\n`);
    const stream = recordStream<DocumentImportEvent>();
    const grants = await test.grant([file], 'documents');
    await runHandler(test.core.handlers, 'documents.importPaths', { collectionId: collection.id, grants }, (event) => stream.listener(event as DocumentImportEvent));
    const [outcome] = (await stream.end()).outcomes;
    expect(outcome).toMatchObject({ status: 'indexed' });
    ids.document = (outcome as { documentId: string }).documentId;
    expectEntries([
      'document.imported',
      { documentId: ids.document, collectionId: collection.id, sha256: sha256Of(file), sizeBytes: fs.statSync(file).size, format: 'txt', chunks: 1 },
    ]);

    await request('collections.setConfidential', { collectionId: collection.id, confidential: true });
    expectEntries(['collection.confidential', { collectionId: collection.id, confidential: true, previous: false }]);
    await request('documents.remove', { documentId: ids.document });
    expectEntries(['document.removed', { documentId: ids.document, collectionId: collection.id, sha256: sha256Of(file) }]);
  });

  it('records each app setting that changed, with its old and new value', async () => {
    await request('settings.update', { retrievalTopK: 3, idleUnloadMinutes: 15 });
    expectEntries(['settings.changed', { setting: 'retrievalTopK', from: 6, to: 3 }]);
  });

  it('records endpoints, and every remote request: before it leaves, how it ended, or why it did not leave', async () => {
    const endpoint = await request('endpoints.add', { name: 'Loopback', baseUrl: `${server.origin}/v1`, apiKey: `sk-${canary}` });
    ids.endpoint = endpoint.id;
    expectEntries(['endpoint.added', { endpointId: endpoint.id, name: 'Loopback', baseUrl: `${server.origin}/v1`, keyStorage: 'keychain' }]);

    const chat = await request('chats.create', { title: `Merger ${canary}` });
    ids.chat = chat.id;
    await sendRemote(chat.id, `Summarise the ${canary} plan.`);
    const [sending, completed] = expectEntries(
      ['remote.sending', { endpointId: endpoint.id, endpointName: 'Loopback', model: 'gpt-test', chatId: chat.id, dlpFindings: 0, action: 'sent', confirmed: false }],
      ['remote.completed', { endpointId: endpoint.id, outcome: 'complete', tokensIn: expect.any(Number) as number, tokensOut: 4 }],
    );
    const [record] = await request('usage.requests', {});
    expect(sending!.details.requestId).toBe(record!.id);
    expect(completed!.details.requestId).toBe(record!.id);

    await expect(
      request('chats.send', { chatId: chat.id, content: 'Card 4111 1111 1111 1111', remote: { endpointId: endpoint.id, model: 'gpt-test' } }),
    ).rejects.toMatchObject({ code: 'dlp-blocked' });
    expectEntries(['remote.blocked', { action: 'blocked', rule: 'dlp', dlpFindings: 1, dlpByDetector: { creditCard: 1 }, dlpByAction: { block: 1 } }]);

    server.then({ kind: 'status', status: 401, message: 'bad key' });
    const failed = await sendRemote(chat.id, 'Try again.');
    expect(failed).toMatchObject({ status: 'error' });
    expectEntries(['remote.sending', { chatId: chat.id }], ['remote.failed', { outcome: 'error', errorCode: expect.any(String) as string }]);

    // A chat over the confidential collection stays on this machine (the local model answers).
    const local = await request('chats.create', {});
    await request('chats.setCollections', { chatId: local.id, collectionIds: [ids.collection] });
    const before = server.chatRequests().length;
    await sendRemote(local.id, 'What did the board decide?');
    expect(server.chatRequests().length).toBe(before);
    expectEntries(['remote.blocked', { action: 'kept-local', rule: 'confidential-collection', endpointId: endpoint.id, chatId: local.id }]);

    await request('endpoints.remove', { endpointId: endpoint.id });
    expectEntries(['endpoint.removed', { endpointId: endpoint.id, name: 'Loopback', keyStorage: 'keychain' }]);
  });

  it('records chats exported, imported and erased, one and all, and the collection deleted', async () => {
    const exported = await request('chats.export', { all: true, format: 'json' });
    expectEntries(['chats.exported', { scope: 'all', chatId: null, chats: 2, messages: exported.messageCount, format: 'json', destination: 'download' }]);
    await request('chats.export', { chatId: ids.chat, format: 'md' });
    expectEntries(['chats.exported', { scope: 'one', chatId: ids.chat, chats: 1, format: 'md' }]);

    await request('chats.import', { content: exported.content });
    expectEntries(['chats.imported', { chatsImported: 0, chatsUnchanged: 2, messagesImported: 0, chatsRejected: 0 }]);

    await request('chats.delete', { chatId: ids.chat });
    expectEntries(['chats.erased', { scope: 'one', chatId: ids.chat, chats: 1, messages: 4 }]);
    await request('chats.deleteAll', {});
    expectEntries(['chats.erased', { scope: 'all', chatId: null, chats: 1, messages: 2 }]);

    await request('collections.delete', { collectionId: ids.collection });
    expectEntries(['collection.deleted', { collectionId: ids.collection, documents: 0 }]);
  });

  it('keeps no prompt, document text, chat title, collection name, file name or API key in any entry', () => {
    const rows = test.core.db!.prepare('SELECT * FROM audit_events ORDER BY seq').all();
    expect(rows.length).toBeGreaterThan(25);
    const all = JSON.stringify(rows);
    expect(all).not.toContain(canary);
    // The whole number, in any spacing: four digits alone turn up by chance in the hashes and seals.
    expect(all).not.toMatch(/4111[\s-]?1111[\s-]?1111[\s-]?1111/);
    // The canary did reach the places it was put in (so its absence above means something).
    expect(JSON.stringify(server.chatRequests())).toContain(canary);
  });
});

describe('the policy entry at start', () => {
  const tempDir = useTempDir('enclave-audit-policy-');

  /** The entries a trail started under the policy file `content` (none: no file), on a fresh database unless `dir` is given. */
  function startUnder(content: string | null, dir = tempDir()): Entry[] {
    const file = path.join(dir, 'policy.json');
    if (content !== null) fs.writeFileSync(file, content);
    else fs.rmSync(file, { force: true });
    const db = openDatabase(path.join(dir, 'enclave.db'));
    try {
      const policy = loadPolicy({ env: { ENCLAVE_POLICY_FILE: file } });
      startAuditTrail(db, { auditKey: null, auditKeyNew: false, actor: 'cli', version: '1.2.3', policy });
      const rows = db.prepare('SELECT type, actor, details FROM audit_events ORDER BY seq').all() as { type: string; actor: string; details: string }[];
      return rows.map((row) => ({ type: row.type, actor: row.actor, details: JSON.parse(row.details) as Record<string, unknown> }));
    } finally {
      db.close();
    }
  }

  it('records an invalid file with its hash and what is wrong: Enclave stays offline', () => {
    const content = '{ "network": { "mode": "allowlist", "endpoints": ["ftp://llm.example"] } }';
    const entries = startUnder(content);
    expect(entries.map((entry) => entry.type)).toEqual(['app.started', 'policy.invalid']);
    expect(entries[1]).toMatchObject({
      actor: 'cli',
      details: { status: 'invalid', sha256: crypto.createHash('sha256').update(content).digest('hex'), error: expect.stringMatching(/network\.endpoints\[0\]/) as string },
    });
  });

  it('records a policy whose content differs from the last start\'s as changed, with both hashes', () => {
    const dir = tempDir();
    const first = '{ "name": "Contoso IT" }';
    const second = '{ "name": "Contoso IT", "audit": { "retentionDays": 90 } }';
    const sha = (content: string) => crypto.createHash('sha256').update(content).digest('hex');
    startUnder(first, dir);
    expect(startUnder(first, dir).filter((entry) => entry.type === 'policy.changed')).toEqual([]);
    const entries = startUnder(second, dir);
    const changes = entries.filter((entry) => entry.type === 'policy.changed');
    expect(changes).toHaveLength(1);
    expect(changes[0]?.details).toMatchObject({ previousSha256: sha(first), sha256: sha(second) });
    expect(entries.at(-1)).toMatchObject({ type: 'policy.loaded', details: { sha256: sha(second) } });
    // The file removed: the default policy, with no hash, is a change too.
    expect(startUnder(null, dir).filter((entry) => entry.type === 'policy.changed')).toHaveLength(2);
  });

  it('records a missing file as the default (offline) policy, with no hash', () => {
    const entries = startUnder(null);
    expect(entries[1]).toMatchObject({ type: 'policy.loaded', details: { status: 'missing', sha256: null, networkMode: 'offline' } });
  });
});
