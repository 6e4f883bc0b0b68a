import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileGrantRegistry } from '../../electron/core/files/fileGrants.js';
import { dispatchRequest, runHandler } from '../../electron/core/ipc/dispatch.js';
import type { DocumentImportEvent } from '../../electron/shared/documents.js';
import { startTestCore, type TestCore } from '../support/core.js';
import { recordStream } from '../support/streams.js';
import { useTempDir } from '../support/tempDir.js';

/**
 * A window names files by grant only (shared/fileGrants.ts): through the very dispatcher main uses,
 * a path where a grant belongs, an unknown grant, or one made for something else reads nothing, and
 * a folder grant covers that folder's files and nothing beside it.
 */
describe('file grants at the IPC door', () => {
  const tempDir = useTempDir();
  let running: TestCore | undefined;
  afterEach(async () => {
    await running?.core.dispose();
    running = undefined;
  });

  async function start() {
    const root = tempDir();
    running = await startTestCore(root, { withModel: false });
    const collection = await runHandler(running.core.handlers, 'collections.create', { name: 'Notes' });
    const chat = await runHandler(running.core.handlers, 'chats.create', {});
    const secret = path.join(root, 'outside', 'secret.txt');
    fs.mkdirSync(path.dirname(secret));
    fs.writeFileSync(secret, 'The vault code is kumquat and nobody picked this file.');
    return { ...running, root, collectionId: collection.id, chatId: chat.id, secret };
  }

  /** Nothing was read: no document anywhere, no chat collection, and the secret's words find nothing. */
  async function expectNothingRead(core: TestCore['core'], collectionId: string) {
    expect(await runHandler(core.handlers, 'documents.list', { collectionId })).toEqual([]);
    const collections = await runHandler(core.handlers, 'collections.list', {});
    expect(collections.map((collection) => collection.name)).toEqual(['Notes']);
    expect(await runHandler(core.handlers, 'documents.search', { query: 'kumquat', collectionIds: [collectionId] })).toEqual([]);
    expect((await runHandler(core.handlers, 'models.list', {})).models).toEqual([]);
  }

  it('refuses a path where a grant belongs, as an invalid request, before any handler runs', async () => {
    const { core, collectionId, chatId, secret } = await start();
    const attempts: [string, unknown][] = [
      ['documents.importPaths', { collectionId, grants: [secret] }],
      ['chats.attachFiles', { chatId, grants: [secret] }],
      ['models.importPaths', { grants: [secret], mode: 'link' }],
      ['models.addAdapter', { modelId: 'abc123', grant: secret }],
      // The payloads that used to carry paths are refused as they are.
      ['documents.importPaths', { collectionId, paths: [secret] }],
      ['chats.attachFiles', { chatId, paths: [secret] }],
      ['models.importPaths', { paths: [secret] }],
      ['models.addAdapter', { modelId: 'abc123', path: secret }],
    ];
    for (const [channel, payload] of attempts) {
      expect(await dispatchRequest(core.handlers, channel, payload), channel).toMatchObject({
        ok: false,
        error: { code: 'invalid-request' },
      });
    }
    await expectNothingRead(core, collectionId);
  });

  it('refuses an unknown grant, or one made for another purpose, with file-not-granted, and reads nothing', async () => {
    const { core, grant, collectionId, chatId, secret } = await start();
    const unknown = 'ab'.repeat(16);
    const [forModels = ''] = await grant([secret], 'models');
    const attempts: [string, unknown][] = [
      ['documents.importPaths', { collectionId, grants: [unknown] }],
      ['chats.attachFiles', { chatId, grants: [unknown] }],
      ['models.importPaths', { grants: [unknown] }],
      ['models.addAdapter', { modelId: 'abc123', grant: unknown }],
      // A real grant, made for a model import, does not open the file as a document.
      ['documents.importPaths', { collectionId, grants: [forModels] }],
      ['chats.attachFiles', { chatId, grants: [forModels] }],
      ['models.addAdapter', { modelId: 'abc123', grant: forModels }],
    ];
    for (const [channel, payload] of attempts) {
      const result = await dispatchRequest(core.handlers, channel, payload);
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'file-not-granted' } });
      expect(result.ok ? '' : result.error.message).toMatch(/Pick it again/);
    }
    await expectNothingRead(core, collectionId);
  });

  it('a folder grant imports the folder’s documents and nothing outside it, not even through a symlink', async () => {
    const { core, grant, root, collectionId, secret } = await start();
    const folder = path.join(root, 'picked');
    fs.mkdirSync(path.join(folder, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'The picked folder holds the quarterly pineapple budget.');
    fs.writeFileSync(path.join(folder, 'sub', 'more.md'), '# More\n\nA second pineapple note.');
    fs.symlinkSync(secret, path.join(folder, 'linked-secret.txt'));
    fs.symlinkSync(path.dirname(secret), path.join(folder, 'linked-folder'));

    const stream = recordStream<DocumentImportEvent>();
    const grants = await grant([folder], 'documents');
    const result = await dispatchRequest(core.handlers, 'documents.importPaths', { collectionId, grants }, (event) =>
      stream.listener(event as DocumentImportEvent),
    );
    expect(result).toMatchObject({ ok: true, value: { collectionId, fileCount: 2 } });
    const end = await stream.end();
    expect(end.outcomes.map((outcome) => [path.relative(folder, outcome.filePath), outcome.status])).toEqual([
      ['notes.txt', 'indexed'],
      [path.join('sub', 'more.md'), 'indexed'],
    ]);
    expect(await runHandler(core.handlers, 'documents.search', { query: 'kumquat', collectionIds: [collectionId] })).toEqual([]);
    expect(await runHandler(core.handlers, 'documents.search', { query: 'pineapple', collectionIds: [collectionId] })).not.toEqual([]);
  });

  it('refuses to grant the whole disk, the home folder or a folder holding it, a symlink to one included', async () => {
    const registry = new FileGrantRegistry();
    const root = tempDir();
    const toDisk = path.join(root, 'disk');
    fs.symlinkSync(path.parse(root).root, toDisk);
    for (const folder of [path.parse(root).root, os.homedir(), path.dirname(os.homedir()), toDisk]) {
      const refusal: unknown = await registry.grant(folder, 'documents').catch((error: unknown) => error);
      expect(refusal, folder).toMatchObject({ code: 'folder-too-broad' });
      expect(String(refusal)).toMatch(/does not read a folder that large/);
    }
    const narrow = await registry.grant(root, 'documents');
    expect(registry.resolve(narrow, 'documents')).toEqual({ path: root, kind: 'folder' });
    expect(registry.revokeOwner('default')).toBe(1);
    expect(() => registry.resolve(narrow, 'documents')).toThrow(/was not given that file/);
  });
});
