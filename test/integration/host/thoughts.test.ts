import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProviderChatRequest } from '../../../electron/core/llm/provider.js';
import { defaultModelSettings, type ModelInfo, type ModelSettings } from '../../../electron/shared/domain.js';
import { ensureTemplateModel } from '../../../scripts/gguf/template-model.js';
import { stubModelInfo } from '../../support/modelInfo.js';
import { useSharedProvider } from './hostTestSupport.js';

/**
 * A reasoning model's thoughts through the real model host. Random weights never write a thought tag
 * by themselves, so the models here carry a reasoning model's real vocabulary and template (built from
 * llama.cpp's files, as in chat-templates.test.ts): DeepSeek R1's generation prompt opens the thought
 * itself ("<think>\n"), so whatever the model writes after it is thought until it closes the tag.
 */
async function templateModel(id: string, vocab: string, template: string, settings: Partial<ModelSettings> = {}): Promise<ModelInfo> {
  const filePath = await ensureTemplateModel({ vocab, template });
  return {
    ...stubModelInfo,
    id,
    name: id,
    fileName: `${id}.gguf`,
    path: filePath,
    parts: [filePath],
    sizeBytes: fs.statSync(filePath).size,
    quantization: 'F16',
    settings: { ...defaultModelSettings, ...settings },
    adapters: [],
  };
}

const deepSeekR1 = (settings: Partial<ModelSettings> = {}) =>
  templateModel('deepseek-r1', 'models/ggml-vocab-llama-bpe.gguf', 'models/templates/deepseek-ai-DeepSeek-R1-Distill-Llama-8B.jinja', settings);
const qwen3 = (settings: Partial<ModelSettings> = {}) =>
  templateModel('qwen3', 'models/ggml-vocab-qwen2.gguf', 'models/templates/Qwen-Qwen3-0.6B.jinja', settings);

type Request = Omit<ProviderChatRequest, 'model'>;
const question: Request = { turns: [{ role: 'user', content: 'Why is the sky blue?' }], maxTokens: 12, temperature: 0 };

describe("a reasoning model's thoughts", { timeout: 180_000 }, () => {
  const shared = useSharedProvider({ threads: 2, contextSize: 512 });

  it('stream apart from the answer and come back apart, timed, never in the reply text', async () => {
    const { provider } = shared();
    const model = await deepSeekR1();
    const chunks: { kind: 'text' | 'thought'; text: string }[] = [];
    const result = await provider.streamChat(
      { model, ...question },
      { onText: (text) => chunks.push({ kind: 'text', text }), onThought: (text) => chunks.push({ kind: 'thought', text }) },
      new AbortController().signal,
    );
    const thought = chunks.filter((chunk) => chunk.kind === 'thought').map((chunk) => chunk.text).join('');
    const answer = chunks.filter((chunk) => chunk.kind === 'text').map((chunk) => chunk.text).join('');
    // The model wrote tokens, all of them inside the thought the template opened.
    expect(result.tokensOut).toBeGreaterThan(0);
    expect(thought.trim().length).toBeGreaterThan(0);
    expect(result.thought?.text).toBe(thought);
    expect(result.thought?.durationMs).toBeGreaterThanOrEqual(0);
    expect(result.text).toBe(answer);
    expect(result.text).not.toContain(thought.trim());
    // The prompt kept with the reply is the one the model read, ending in the opened thought.
    expect(result.prompt?.text.trimEnd().endsWith('<think>')).toBe(true);
  });

  it('are still told apart when thinking is off but the template ignores the switch', async () => {
    const { provider } = shared();
    const model = await deepSeekR1({ thinking: false });
    let answer = '';
    const result = await provider.streamChat({ model, ...question }, { onText: (text) => (answer += text) }, new AbortController().signal);
    expect(result.thought?.text.trim().length ?? 0).toBeGreaterThan(0);
    expect(answer).toBe(result.text);
  });

  it("turn Qwen 3's thinking off through its template, as llama.cpp's enable_thinking does", async () => {
    const { provider } = shared();
    const thinking = await provider.renderPrompt(await qwen3(), question);
    const quiet = await provider.renderPrompt(await qwen3({ thinking: false }), question);
    expect(thinking.prompt.endsWith('<|im_start|>assistant\n')).toBe(true);
    // Thinking off: the template writes an empty thought before the answer, so the model skips it.
    expect(quiet.prompt).toBe(`${thinking.prompt}<think>\n\n</think>\n\n`);
    const written = await provider.streamChat({ model: await qwen3({ thinking: false }), ...question }, { onText: () => undefined }, new AbortController().signal);
    expect(written.prompt?.text).toBe(quiet.prompt);
  });
});
