import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHandler } from '../../../electron/core/ipc/dispatch.js';
import type { ModelInfo } from '../../../electron/shared/models.js';
import { startTestCore, type TestCore } from '../../support/core.js';
import { realModelFiles, realModelPath } from '../../support/realModels.js';
import { runCli } from '../cli/runCli.js';

/**
 * Gemma 3 270M, a real base model (no chat template), chats as a plain "User:"/"Assistant:" transcript
 * and stops before it writes the user's next turn; its `chatTemplate` setting picks another format,
 * in core and in the CLI (`enclave models set --chat-template`, `enclave prompt`).
 */
describe('a base model in chat', () => {
  let root: string;
  let test: TestCore;
  let gemma: ModelInfo;
  const request = <C extends Parameters<typeof runHandler>[1]>(channel: C, payload: unknown) => runHandler(test.core.handlers, channel, payload);
  const question = [{ role: 'user' as const, content: 'What is the capital of France?' }];

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-base-chat-'));
    test = await startTestCore(root, { withModel: false, inference: { threads: 2, contextSize: 1024 }, generation: { maxTokens: 64, temperature: 0 } });
    fs.symlinkSync(realModelPath(realModelFiles.gemmaBase), path.join(test.modelsDir, realModelFiles.gemmaBase));
    const found = (await request('models.list', {})).models.find((model) => model.fileName === realModelFiles.gemmaBase);
    if (!found) throw new Error('Gemma 3 270M is not in the catalog');
    gemma = found;
  }, 120_000);

  afterAll(async () => {
    await test.core.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('replies to a plain transcript and stops before the next "User:" line', async () => {
    let streamed = '';
    const result = await test.core.provider.streamChat(
      { model: gemma, turns: [{ role: 'system', content: 'You are a helpful assistant.' }, ...question], maxTokens: 64, temperature: 0 },
      { onText: (text) => (streamed += text) },
      new AbortController().signal,
    );
    expect(result.prompt?.text).toBe('<bos>You are a helpful assistant.\n\nUser: What is the capital of France?\n\nAssistant:');
    // At temperature 0 it answers, then starts a "User:" line: the reply ends there, not at max tokens.
    expect(result.stopReason).toBe('end');
    expect(result.text).toContain('Paris');
    expect(result.text).not.toMatch(/User:|Assistant:/);
    // The space after "Assistant:" belongs to the transcript, not to the reply shown and stored.
    expect(result.text).toMatch(/^\S/);
    expect(streamed).toBe(result.text);
  }, 120_000);

  it('renders the Gemma turn format once its settings choose gemma, on the next request', async () => {
    const plain = await test.core.provider.renderPrompt(gemma, { turns: question, maxTokens: 64 });
    expect(plain.prompt).not.toContain('<start_of_turn>');
    const updated = await request('models.updateSettings', { modelId: gemma.id, settings: { chatTemplate: 'gemma' } });
    expect(updated.settings.chatTemplate).toBe('gemma');
    const chosen = await test.core.provider.renderPrompt(updated, { turns: question, maxTokens: 64 });
    expect(chosen.prompt).toBe('<bos><start_of_turn>user\nWhat is the capital of France?<end_of_turn>\n<start_of_turn>model\n');
    await expect(request('models.updateSettings', { modelId: gemma.id, settings: { chatTemplate: 'vicuna' } })).rejects.toThrow(
      'Unknown chat template "vicuna": choose one of auto, plain, chatml, llama3, gemma, mistral, phi.',
    );
  }, 120_000);

  it('in the CLI: prompt shows the plain transcript, models set --chat-template changes it, an unknown name is refused', async () => {
    const dataDir = path.join(root, 'cli-data');
    const added = await runCli(['models', 'add', '--link', realModelPath(realModelFiles.gemmaBase)], { dataDir });
    expect(added.code, added.stderr).toBe(0);
    const id = gemma.id;
    const plain = await runCli(['prompt', '--model', id, '--threads', '2', 'What is the capital of France?'], { dataDir });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toBe('<bos>User: What is the capital of France?\n\nAssistant:\n');
    expect(plain.stderr).toContain('no chat template: a plain text transcript');

    const set = await runCli(['models', 'set', id, '--chat-template', 'gemma'], { dataDir });
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('chat template gemma');
    const chosen = await runCli(['prompt', '--model', id, '--threads', '2', 'What is the capital of France?'], { dataDir });
    expect(chosen.stdout).toBe('<bos><start_of_turn>user\nWhat is the capital of France?<end_of_turn>\n<start_of_turn>model\n');
    expect(chosen.stderr).toContain("chat template Gemma, chosen in the model's settings");

    const refused = await runCli(['models', 'set', id, '--chat-template', 'vicuna'], { dataDir });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('--chat-template: Unknown chat template "vicuna": choose one of auto, plain, chatml, llama3, gemma, mistral, phi.');
  }, 240_000);
});
