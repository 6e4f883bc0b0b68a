import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertMessage } from '../../../electron/core/chat/store/messages.js';
import { connect } from '../../../electron/core/db/databaseCipher.js';
import { startEnclave } from '../../../electron/core/enclave.js';
import { runHandler } from '../../../electron/core/ipc/dispatch.js';
import { createForkLauncher } from '../../../electron/core/llm/host/forkLauncher.js';
import { listVectorIndexes, vectorTableName } from '../../../electron/core/documents/store/vectorIndex.js';
import type { DocumentImportEvent } from '../../../electron/shared/documents.js';
import { ensureTestModel } from '../../../scripts/generate-test-models.js';
import { startTestCore, type TestCore, testPolicy } from '../../support/core.js';
import { recordStream } from '../../support/streams.js';
import { testKeychain } from '../../support/testKeychain.js';

/** Unique enough that a hit can only be Enclave's data leaking in clear. */
const chatPhrase = 'quetzalcoatl-canary-ledger-7741';
const documentPhrase = 'xylophonic-canary-passage-9923';

/**
 * The canary: chats, a document, vectors and a search written through core as the app writes them,
 * then every file in the data folder searched byte for byte for the phrases, a vector's raw bytes and
 * SQLite's plain header. Temporary files are sent to the data folder too (SQLITE_TMPDIR), so any that
 * SQLite wrote would be searched as well.
 */
describe('encryption at rest: nothing readable in the data folder', () => {
  let root: string;
  let test: TestCore;
  let vectorBytes: Buffer;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-canary-'));
    process.env.SQLITE_TMPDIR = path.join(root, 'data', 'tmp');
    fs.mkdirSync(process.env.SQLITE_TMPDIR, { recursive: true });
    test = await startTestCore(root, { withModel: false });
    const request = <C extends Parameters<typeof runHandler>[1]>(channel: C, payload: unknown) => runHandler(test.core.handlers, channel, payload);

    fs.copyFileSync(await ensureTestModel('tiny-embedding'), path.join(test.modelsDir, 'tiny-embedding.gguf'));
    const catalog = await request('models.list', {});
    await request('settings.update', { embeddingModelId: catalog.models.find((model) => model.fileName === 'tiny-embedding.gguf')!.id });

    const chat = await request('chats.create', {});
    await request('chats.rename', { chatId: chat.id, title: `Budget ${chatPhrase}` });
    insertMessage(test.core.db!, { chatId: chat.id, role: 'user', content: `Remember ${chatPhrase} for me.`, status: 'complete', parentId: null });

    const file = path.join(root, 'memo.md');
    fs.writeFileSync(file, `# Memo\n\nThe vault code is ${documentPhrase}. Keep it between us.\n`);
    const collection = await request('collections.create', { name: 'Private' });
    const stream = recordStream<DocumentImportEvent>();
    await runHandler(test.core.handlers, 'documents.importPaths', { collectionId: collection.id, grants: await test.grant([file], 'documents') }, (event) =>
      stream.listener(event as DocumentImportEvent),
    );
    expect((await stream.end()).outcomes[0]).toMatchObject({ status: 'indexed' });
    const hits = await request('documents.search', { query: documentPhrase, collectionIds: [collection.id] });
    expect(hits[0]?.text).toContain(documentPhrase);
    expect((await request('chats.search', { query: chatPhrase })).hits.length).toBeGreaterThan(0);

    const db = test.core.db!;
    const [index] = listVectorIndexes(db);
    vectorBytes = db.prepare(`SELECT embedding FROM ${vectorTableName(index!.dim)} LIMIT 1`).pluck().get() as Buffer;
    expect(vectorBytes.length).toBeGreaterThanOrEqual(64);
    // A sort too big for memory would spill to a temporary file: none may be written in clear.
    db.prepare('SELECT m.content FROM messages m CROSS JOIN messages n ORDER BY m.content || n.content').all();
  });

  afterAll(async () => {
    await test.core.dispose();
    delete process.env.SQLITE_TMPDIR;
    fs.rmSync(root, { recursive: true, force: true });
  });

  function filesUnder(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
  }

  function leaks(): string[] {
    const found: string[] = [];
    const needles: [string, Buffer][] = [
      ['chat phrase', Buffer.from(chatPhrase)],
      ['document phrase', Buffer.from(documentPhrase)],
      ['document phrase (UTF-16)', Buffer.from(documentPhrase, 'utf16le')],
      ['vector bytes', vectorBytes.subarray(0, 32)],
      ['SQLite header', Buffer.from('SQLite format 3')],
    ];
    for (const file of filesUnder(path.join(root, 'data'))) {
      const bytes = fs.readFileSync(file);
      for (const [name, needle] of needles) if (bytes.includes(needle)) found.push(`${name} in ${path.relative(root, file)}`);
    }
    return found;
  }

  it('finds none of them in any file while Enclave runs (database, WAL, SHM, key file)', () => {
    const names = filesUnder(path.join(root, 'data')).map((file) => path.basename(file));
    expect(names).toEqual(expect.arrayContaining(['enclave.db', 'enclave.db-wal', 'enclave.key']));
    expect(leaks()).toEqual([]);
  });

  it('finds none of them after Enclave closed, and the key file holds no key in clear', async () => {
    await test.core.dispose();
    expect(leaks()).toEqual([]);
    const keyFile = fs.readFileSync(path.join(root, 'data', 'enclave.key'), 'utf8');
    expect(keyFile).not.toMatch(/[0-9a-f]{64}/);
  });

  it('does not open without the key: SQLite sees no database, and Enclave says what is missing', async () => {
    const databasePath = path.join(root, 'data', 'enclave.db');
    const bare = connect(databasePath, { key: null, fileMustExist: true });
    expect(() => bare.prepare('SELECT count(*) FROM sqlite_schema').get()).toThrow(/file is not a database/);
    bare.close();

    const withoutKeychain = await startEnclave({
      dataDir: path.join(root, 'data'),
      version: 'test',
      services: { launchModelHost: createForkLauncher({ env: { ENCLAVE_GPU: 'off' } }), keychain: testKeychain({ available: false }) },
      policy: testPolicy({}),
    });
    try {
      expect(withoutKeychain.status.startupError).toMatchObject({ code: 'storage-keychain-unavailable' });
      expect(withoutKeychain.status.startupError?.message).toMatch(/keychain is not available here/);
      await expect(runHandler(withoutKeychain.handlers, 'chats.list', {})).rejects.toMatchObject({ code: 'storage-keychain-unavailable' });
    } finally {
      await withoutKeychain.dispose();
    }
  });
});
