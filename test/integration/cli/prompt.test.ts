import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureTestModel } from '../../../scripts/generate-test-models.js';
import { realModelFiles, realModelPath } from '../../support/realModels.js';
import { useTempDir } from '../../support/tempDir.js';
import { runCli } from './runCli.js';

interface Rendered {
  model: string;
  prompt: string;
  tokens: number[];
}

/**
 * `enclave prompt`: the exact prompt a model would be fed, sent nowhere. On the generated model (its
 * ChatML template) and on SmolLM2, whose template adds a default system prompt and no BOS, held to what
 * llama.cpp's own server renders (test/fixtures/chat-templates).
 */
describe('enclave prompt', () => {
  const tempDir = useTempDir();

  it('prints the prompt in the model\'s template with its special tokens, and the token count; --json gives the ids', async () => {
    const dir = tempDir();
    const options = { dataDir: path.join(dir, 'data') };
    const model = await ensureTestModel('tiny-chat');
    const shown = await runCli(['prompt', '--model', model, 'Hello there'], options);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('<|im_start|>user\nHello there<|im_end|>\n<|im_start|>assistant\n');
    const count = Number(/^(\d+) tokens \(/m.exec(shown.stderr)?.[1]);
    expect(count).toBeGreaterThan(5);

    const messages = path.join(dir, 'messages.json');
    fs.writeFileSync(messages, JSON.stringify([{ role: 'developer', content: 'Be brief.' }, { role: 'user', content: 'Hello there' }]));
    const json = await runCli(['prompt', '--model', model, '--messages', messages, '--json'], options);
    expect(json.code, json.stderr).toBe(0);
    const rendered = JSON.parse(json.stdout) as Rendered;
    expect(rendered.prompt).toContain('<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHello there<|im_end|>');
    expect(rendered.tokens.length).toBeGreaterThan(count);
    expect(rendered.tokens.every((token) => Number.isInteger(token) && token >= 0)).toBe(true);
  }, 120_000);

  it('refuses a messages file that is not OpenAI-style messages, naming what is wrong, exit 2', async () => {
    const dir = tempDir();
    const messages = path.join(dir, 'messages.json');
    fs.writeFileSync(messages, JSON.stringify([{ role: 'tool', content: 'x' }]));
    const refused = await runCli(['prompt', '--messages', messages], { dataDir: path.join(dir, 'data') });
    expect(refused.code).toBe(2);
    expect(refused.stderr.split('\n')[0]).toMatch(/^enclave: --messages .*messages\.json: .* at 0\.role$/);
    const neither = await runCli(['prompt'], { dataDir: path.join(dir, 'data') });
    expect(neither.code).toBe(2);
  });

  it('renders SmolLM2\'s prompt as llama.cpp\'s server does: its default system prompt, no BOS, the same token ids', async () => {
    const reference = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/chat-templates/SmolLM2-135M-Instruct.json'), 'utf8')) as {
      cases: { name: string; messages: unknown[]; prompt: string; tokens: number[] }[];
    };
    const dir = tempDir();
    for (const testCase of reference.cases) {
      const messages = path.join(dir, `${testCase.name}.json`);
      fs.writeFileSync(messages, JSON.stringify(testCase.messages));
      const result = await runCli(['prompt', '--model', realModelPath(realModelFiles.smolLm2), '--messages', messages, '--json'], { dataDir: path.join(dir, 'data') });
      expect(result.code, result.stderr).toBe(0);
      const rendered = JSON.parse(result.stdout) as Rendered;
      expect(rendered.prompt, testCase.name).toBe(testCase.prompt);
      expect(rendered.tokens, testCase.name).toEqual(testCase.tokens);
    }
  }, 180_000);
});
