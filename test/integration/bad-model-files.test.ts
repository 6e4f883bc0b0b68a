import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../electron/shared/errors.js';
import { dispatchRequest } from '../../electron/core/ipc/dispatch.js';
import { setArchitecture, setTensorOffset, truncateBytes, writeCorruptedCopy } from '../../scripts/gguf/corrupt.js';
import { ensureTestModel } from '../../scripts/generate-test-models.js';
import { testModelPresets } from '../../scripts/gguf/presets.js';
import { writeGguf } from '../../scripts/gguf/writer.js';
import { startTestCore, type TestCore } from '../support/core.js';
import { useTempDir } from '../support/tempDir.js';

interface BadFile {
  name: string;
  code: ErrorCode;
  message: RegExp;
  write(goodModel: string, target: string): Promise<void>;
}

const badFiles: BadFile[] = [
  {
    name: 'zero-size.gguf',
    code: 'model-empty',
    message: /empty/i,
    write: (_good, target) => fs.promises.writeFile(target, ''),
  },
  {
    name: 'not-a-model.gguf',
    code: 'model-not-gguf',
    message: /not a GGUF/i,
    write: (_good, target) => fs.promises.writeFile(target, Buffer.from('PK\x03\x04 this is a zip file, honestly')),
  },
  {
    name: 'truncated.gguf',
    code: 'model-truncated',
    message: /truncated|ends/i,
    write: (good, target) => writeCorruptedCopy(good, target, (bytes) => truncateBytes(bytes, Math.floor(bytes.length * 0.6))),
  },
  {
    name: 'tensor-outside.gguf',
    code: 'model-corrupt',
    message: /tensor/i,
    write: (good, target) => writeCorruptedCopy(good, target, (bytes) => setTensorOffset(bytes, 'output.weight', 1n << 40n)),
  },
  {
    name: 'unknown-arch.gguf',
    code: 'model-unsupported-architecture',
    message: /notanarch/,
    write: (good, target) => writeCorruptedCopy(good, target, (bytes) => setArchitecture(bytes, 'notanarch')),
  },
];

describe('bad model files get specific errors and leave the app working', () => {
  const tempDir = useTempDir();
  let running: TestCore | undefined;
  afterEach(async () => {
    await running?.core.dispose();
    running = undefined;
  });

  it('lists each bad file as unreadable with its own reason, next to the good model', async () => {
    running = await startTestCore(tempDir());
    const good = await ensureTestModel('tiny-chat');
    for (const bad of badFiles) await bad.write(good, path.join(running.modelsDir, bad.name));
    const catalog = await running.core.handlers['models.list']({});
    expect(catalog.models.map((model) => model.fileName)).toEqual(['tiny-chat.gguf']);
    for (const bad of badFiles) {
      const entry = catalog.unreadable.find((file) => file.fileName === bad.name);
      expect(entry?.error.code, bad.name).toBe(bad.code);
      expect(entry?.error.message, bad.name).toMatch(bad.message);
    }
  });

  it('says what a path really is when it is no model file: a folder named .gguf, a device, a named pipe, a GGUF with no tensors', async () => {
    running = await startTestCore(tempDir(), { withModel: false });
    const root = path.dirname(running.modelsDir);
    const folder = path.join(root, 'x.gguf');
    fs.mkdirSync(folder);
    const fifo = path.join(root, 'pipe.gguf');
    execFileSync('mkfifo', [fifo]);
    const empty = path.join(root, 'weightless.gguf');
    const source = testModelPresets['tiny-chat'].build();
    await writeGguf(empty, { ...source, tensors: [] });

    const result = await running.core.registry!.importPaths([folder, '/dev/zero', fifo, empty], 'link');
    expect(result.imported).toEqual([]);
    const byName = Object.fromEntries(result.failed.map((failure) => [failure.fileName, failure.error]));
    expect(byName['x.gguf']).toEqual({ code: 'model-not-gguf', message: 'x.gguf is a folder with no .gguf model files in it.' });
    expect(byName.zero).toMatchObject({ code: 'model-not-gguf', message: 'zero is a device, not a file: Enclave reads only regular files.' });
    expect(byName['pipe.gguf']).toMatchObject({ code: 'model-not-gguf', message: expect.stringMatching(/^pipe\.gguf is a named pipe \(FIFO\), not a file/) });
    expect(byName['weightless.gguf']).toMatchObject({ code: 'model-corrupt', message: expect.stringMatching(/holds no tensors \(no weights\)/) });
  });

  it('refuses to chat with a bad file, writes nothing, and still chats with a good model right after', async () => {
    running = await startTestCore(tempDir());
    const { core, modelsDir } = running;
    const good = await ensureTestModel('tiny-chat');
    const chat = await core.handlers['chats.create']({});
    for (const bad of badFiles) {
      await bad.write(good, path.join(modelsDir, bad.name));
      const listed = (await core.handlers['models.list']({})).unreadable.find((file) => file.fileName === bad.name);
      const result = await dispatchRequest(core.handlers, 'chats.send', { chatId: chat.id, modelId: listed!.id, content: 'Hi' });
      expect(result, bad.name).toMatchObject({ ok: false, error: { code: bad.code } });
    }
    expect((await core.handlers['chats.get']({ chatId: chat.id })).messages).toEqual([]);

    const { models } = await core.handlers['models.list']({});
    const reply = await core.chatService!.send(chat.id, models[0]!, 'Hello').completion;
    expect(reply.status).toBe('complete');
  });

  it('reports a model file deleted after it was listed, keeping the user message', async () => {
    running = await startTestCore(tempDir());
    const { core, modelsDir } = running;
    const { models } = await core.handlers['models.list']({});
    const chat = await core.handlers['chats.create']({});
    fs.rmSync(path.join(modelsDir, 'tiny-chat.gguf'));
    const reply = await core.chatService!.send(chat.id, models[0]!, 'Still there?').completion;
    expect(reply.status).toBe('error');
    expect(reply.error).toMatchObject({ code: 'model-file-missing', message: expect.stringMatching(/missing|moved|deleted/) });
    const { messages } = await core.handlers['chats.get']({ chatId: chat.id });
    expect(messages.map((message) => message.status)).toEqual(['complete', 'error']);
  });

  it("turns llama.cpp's generic load failure into a model-load-failed message that quotes the reason", async () => {
    running = await startTestCore(tempDir(), { withModel: false });
    const { core, modelsDir } = running;
    // A header naming another (supported) architecture whose keys are missing: only llama.cpp notices.
    await writeCorruptedCopy(await ensureTestModel('tiny-chat'), path.join(modelsDir, 'mislabelled.gguf'), (bytes) =>
      setArchitecture(bytes, 'qwen2'),
    );
    const { models } = await core.handlers['models.list']({});
    const chat = await core.handlers['chats.create']({});
    const reply = await core.chatService!.send(chat.id, models[0]!, 'Hello').completion;
    expect(reply.status).toBe('error');
    expect(reply.error?.code).toBe('model-load-failed');
    expect(reply.error?.message).toMatch(/llama\.cpp could not load mislabelled\.gguf/);
  });
});
