import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../electron/shared/domain.js';
import { ensureTestModel } from '../../scripts/generate-test-models.js';
import { startTestCore, type TestCore } from '../support/core.js';
import { useTempDir } from '../support/tempDir.js';

function sha256Of(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** A valid model followed by padding: big enough that an import takes several progress steps. */
function writeLargeModel(source: string, target: string, extraBytes: number): void {
  fs.copyFileSync(source, target);
  fs.appendFileSync(target, Buffer.alloc(extraBytes, 0));
}

describe('the model registry: import, hash, duplicates, integrity', () => {
  const tempDir = useTempDir();
  let running: TestCore | undefined;
  afterEach(async () => {
    await running?.core.dispose();
    running = undefined;
  });

  async function setUp() {
    running = await startTestCore(tempDir(), { withModel: false });
    const source = path.join(tempDir(), 'incoming');
    fs.mkdirSync(source);
    const model = path.join(source, 'tiny-chat.gguf');
    fs.copyFileSync(await ensureTestModel('tiny-chat'), model);
    return { ...running, source, model, userModels: path.join(running.dataDir, 'models') };
  }

  it('copies a model into the user folder with its SHA-256 and header details, and finds duplicates by hash', async () => {
    const { core, grant, model, userModels } = await setUp();
    const result = await core.handlers['models.importPaths']({ grants: await grant([model], 'models'), mode: 'copy' });
    expect(result.failed).toEqual([]);
    const [imported] = result.imported;
    expect(imported).toMatchObject({
      sha256: sha256Of(model),
      id: sha256Of(model).slice(0, 16),
      storage: 'copied',
      integrity: 'ok',
      architecture: 'llama',
      hasChatTemplate: true,
      path: path.join(userModels, 'tiny-chat.gguf'),
    });
    expect(imported!.parameterCount).toBeGreaterThan(100_000);
    expect(fs.existsSync(path.join(userModels, 'tiny-chat.gguf'))).toBe(true);

    const renamedCopy = path.join(path.dirname(model), 'same-bytes-other-name.gguf');
    fs.copyFileSync(model, renamedCopy);
    const again = await core.handlers['models.importPaths']({ grants: await grant([renamedCopy], 'models'), mode: 'copy' });
    expect(again.imported).toEqual([]);
    expect(again.duplicates).toEqual([{ fileName: 'same-bytes-other-name.gguf', existingModelId: imported!.id }]);
    expect(fs.readdirSync(userModels)).toEqual(['tiny-chat.gguf']);
  });

  it('links a model in place without copying it', async () => {
    const { core, grant, model, userModels } = await setUp();
    const { imported } = await core.handlers['models.importPaths']({ grants: await grant([model], 'models'), mode: 'link' });
    expect(imported[0]).toMatchObject({ storage: 'linked', path: model });
    expect(fs.existsSync(userModels) ? fs.readdirSync(userModels) : []).toEqual([]);
  });

  it('imports a folder, reporting each bad file while the good ones go in', async () => {
    const { core, grant, source } = await setUp();
    fs.writeFileSync(path.join(source, 'broken.gguf'), Buffer.from('not a model at all'));
    const result = await core.handlers['models.importPaths']({ grants: await grant([source], 'models'), mode: 'copy' });
    expect(result.imported.map((model) => model.fileName)).toEqual(['tiny-chat.gguf']);
    expect(result.failed).toEqual([{ fileName: 'broken.gguf', error: expect.objectContaining({ code: 'model-not-gguf' }) }]);
  });

  it('reports progress while it copies, and a cancelled import leaves nothing behind', async () => {
    const { core, grant, source, userModels } = await setUp();
    const large = path.join(source, 'large.gguf');
    writeLargeModel(await ensureTestModel('tiny-chat'), large, 96 * 1024 * 1024);
    const progress: ImportProgress[] = [];
    const result = await core.handlers['models.importPaths']({ grants: await grant([large], 'models'), mode: 'copy' }, (event) => {
      if (event.type !== 'progress') return;
      progress.push(event.progress);
      if (progress.length === 1) void core.handlers['models.cancelImport']({ importId: event.progress.importId });
    });
    expect(result.cancelled).toBe(true);
    expect(result.imported).toEqual([]);
    expect(progress[0]).toMatchObject({ fileName: 'large.gguf', phase: 'copying' });
    expect(fs.existsSync(userModels) ? fs.readdirSync(userModels) : []).toEqual([]);
    expect((await core.handlers['models.list']({})).models).toEqual([]);
  });

  it('flags a changed file, refuses to load it, and loads it again once accepted', async () => {
    const { core, grant, model } = await setUp();
    const { imported } = await core.handlers['models.importPaths']({ grants: await grant([model], 'models'), mode: 'link' });
    const id = imported[0]!.id;
    expect(await core.handlers['models.verify']({})).toEqual([expect.objectContaining({ modelId: id, integrity: 'ok' })]);

    const bytes = fs.readFileSync(model);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1]! + 1) % 256;
    fs.writeFileSync(model, bytes);
    const chat = await core.handlers['chats.create']({});
    await expect(core.registry!.resolveForLoad(id)).rejects.toMatchObject({ code: 'model-changed' });
    expect((await core.handlers['models.list']({})).models[0]?.integrity).toBe('changed');
    const verified = await core.handlers['models.verify']({ modelId: id });
    expect(verified[0]).toMatchObject({ integrity: 'changed', sha256: sha256Of(model) });

    const accepted = await core.handlers['models.accept']({ modelId: id });
    expect(accepted).toMatchObject({ id, integrity: 'ok', sha256: sha256Of(model) });
    const reply = await core.chatService!.send(chat.id, await core.registry!.resolveForLoad(id), 'Hello').completion;
    expect(reply.status).toBe('complete');
  });

  it('flags a missing file and clears the flag when it comes back unchanged', async () => {
    const { core, grant, model } = await setUp();
    const { imported } = await core.handlers['models.importPaths']({ grants: await grant([model], 'models'), mode: 'link' });
    const moved = `${model}.moved`;
    fs.renameSync(model, moved);
    await expect(core.registry!.resolveForLoad(imported[0]!.id)).rejects.toMatchObject({ code: 'model-file-missing' });
    expect((await core.handlers['models.list']({})).models[0]?.integrity).toBe('missing');
    fs.renameSync(moved, model);
    expect((await core.handlers['models.list']({})).models[0]?.integrity).toBe('ok');
  });

  it('registers models placed in the models folder by hand, and removes copied ones with their file', async () => {
    const { core, model, userModels } = await setUp();
    fs.mkdirSync(userModels, { recursive: true });
    fs.copyFileSync(model, path.join(userModels, 'by-hand.gguf'));
    const { models } = await core.handlers['models.list']({});
    expect(models).toEqual([expect.objectContaining({ fileName: 'by-hand.gguf', storage: 'copied' })]);
    const removed = await core.handlers['models.remove']({ modelId: models[0]!.id, deleteFile: true });
    expect(removed).toEqual({ modelId: models[0]!.id, fileDeleted: true, keptFile: null });
    expect(fs.readdirSync(userModels)).toEqual([]);
  });

  it('never deletes a linked model’s own file, even with deleteFile, and says it was kept', async () => {
    const { core, grant, model } = await setUp();
    const { imported } = await core.handlers['models.importPaths']({ grants: await grant([model], 'models'), mode: 'link' });
    const modelId = imported[0]!.id;
    const removed = await core.handlers['models.remove']({ modelId, deleteFile: true });
    expect(removed).toEqual({ modelId, fileDeleted: false, keptFile: model });
    expect(fs.existsSync(model)).toBe(true);
    expect((await core.handlers['models.list']({})).models).toEqual([]);
  });

  it('keeps per-model settings and app settings across restarts', async () => {
    const root = tempDir();
    running = await startTestCore(root, { withModel: true });
    const [model] = (await running.core.handlers['models.list']({})).models;
    await running.core.handlers['models.updateSettings']({ modelId: model!.id, settings: { contextSize: 256, threads: 1 } });
    await running.core.handlers['settings.update']({ maxResidentModels: 2, idleUnloadMinutes: 5 });
    await running.core.dispose();
    running = await startTestCore(root, { withModel: true });
    const [again] = (await running.core.handlers['models.list']({})).models;
    expect(again?.settings).toMatchObject({ contextSize: 256, threads: 1, gpuLayers: 'auto' });
    expect(await running.core.handlers['settings.get']({})).toMatchObject({ maxResidentModels: 2, idleUnloadMinutes: 5 });
  });
});

describe('abandoned partial copies', () => {
  const tempDir = useTempDir();

  it('are deleted when they have not been written for a while, and fresh ones are left alone', async () => {
    const running = await startTestCore(tempDir(), { withModel: false });
    try {
      const folder = path.join(running.dataDir, 'models');
      fs.mkdirSync(folder, { recursive: true });
      const stale = path.join(folder, 'big.gguf.partial-abc123');
      const fresh = path.join(folder, 'other.gguf.partial-def456');
      fs.writeFileSync(stale, 'half');
      fs.writeFileSync(fresh, 'half');
      const anHourAgo = new Date(Date.now() - 60 * 60 * 1000);
      fs.utimesSync(stale, anHourAgo, anHourAgo);
      expect(await running.core.registry!.removeAbandonedCopies()).toEqual([stale]);
      expect(fs.readdirSync(folder)).toEqual(['other.gguf.partial-def456']);
    } finally {
      await running.core.dispose();
    }
  });
});
