import fs from 'node:fs';
import path from 'node:path';
import { type ChatHistoryItem, GemmaChatWrapper, getLlama, type Llama, type LlamaModel } from 'node-llama-cpp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { chooseChatWrapper } from '../../../electron/core/llm/host/chooseChatWrapper.js';
import { LlamaCppTemplateChatWrapper } from '../../../electron/core/llm/host/llamaCppTemplateChatWrapper.js';
import { PlainTextChatWrapper } from '../../../electron/core/llm/host/plainTextChatWrapper.js';
import { chatTemplateNames, modelSettingsSchema } from '../../../electron/shared/models.js';
import { ensureTemplateModel } from '../../../scripts/gguf/template-model.js';
import { realModelFiles, realModelPath } from '../../support/realModels.js';

// A model's `chatTemplate` setting: each named template must render as llama.cpp's server renders the
// same template (test/fixtures/chat-templates), and a model without a template reads plain text.
const fixtures = path.resolve('test/fixtures/chat-templates');

const messageSchema = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });
const referenceSchema = z.object({
  vocab: z.string().optional(),
  template: z.string().optional(),
  cases: z.array(z.object({ name: z.string(), messages: z.array(messageSchema), prompt: z.string(), tokens: z.array(z.number()) })),
});
type Message = z.infer<typeof messageSchema>;

function reference(file: string): z.infer<typeof referenceSchema> {
  return referenceSchema.parse(JSON.parse(fs.readFileSync(path.join(fixtures, file), 'utf8')));
}

function historyOf(messages: readonly Message[]): ChatHistoryItem[] {
  const history = messages.map((message): ChatHistoryItem => {
    if (message.role === 'system') return { type: 'system', text: message.content };
    if (message.role === 'user') return { type: 'user', text: message.content };
    return { type: 'model', response: [message.content] };
  });
  return [...history, { type: 'model', response: [] }];
}

/** The references were made on 3 Dec 2026; Llama 3.1's template writes today's date. */
const referenceDay = new Date(2026, 11, 3, 12);

/** SmolLM2's own template adds this system turn when there is none; the ChatML choice does not. */
const smolLmDefaultSystem = 'You are a helpful AI assistant named SmolLM, trained by Hugging Face';

describe('a chat template chosen by name', () => {
  let llama: Llama;
  const loaded: LlamaModel[] = [];
  async function load(modelPath: string): Promise<LlamaModel> {
    const model = await llama.loadModel({ modelPath });
    loaded.push(model);
    return model;
  }

  beforeAll(async () => {
    llama = await getLlama({ gpu: false, build: 'never' });
  });
  afterAll(async () => {
    for (const model of loaded) await model.dispose();
    await llama.dispose();
  });
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: referenceDay });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('chatml renders SmolLM2 exactly as its own template does, less the SmolLM default system prompt', { timeout: 120_000 }, async () => {
    const model = await load(realModelPath(realModelFiles.smolLm2));
    const wrapper = chooseChatWrapper(model, 'chatml');
    if (!(wrapper instanceof LlamaCppTemplateChatWrapper)) throw new Error(`expected the exact wrapper, got ${wrapper.wrapperName}`);
    for (const testCase of reference('SmolLM2-135M-Instruct.json').cases) {
      // With that system turn given, the two templates are the same text for every case.
      const messages = testCase.messages[0]?.role === 'system' ? testCase.messages : [{ role: 'system' as const, content: smolLmDefaultSystem }, ...testCase.messages];
      const history = historyOf(messages);
      expect(wrapper.renderPrompt(history), testCase.name).toBe(testCase.prompt);
      expect(wrapper.generateContextState({ chatHistory: history }).contextText.tokenize(model.tokenizer), testCase.name).toEqual(testCase.tokens);
    }
  });

  it.each([
    { name: 'llama3', file: 'meta-llama-Llama-3.1-8B-Instruct.json' },
    { name: 'mistral', file: 'mistralai-Mistral-Nemo-Instruct-2407.json' },
    { name: 'phi', file: 'microsoft-Phi-3.5-mini-instruct.json' },
  ] as const)('$name renders as llama-server renders $file', { timeout: 120_000 }, async ({ name, file }) => {
    const { vocab, template, cases } = reference(file);
    if (vocab === undefined || template === undefined) throw new Error(`${file} names no vocabulary and template`);
    const model = await load(await ensureTemplateModel({ vocab, template }));
    const wrapper = chooseChatWrapper(model, name);
    if (!(wrapper instanceof LlamaCppTemplateChatWrapper)) throw new Error(`expected the exact wrapper, got ${wrapper.wrapperName}`);
    for (const testCase of cases) {
      const history = historyOf(testCase.messages);
      expect(wrapper.renderPrompt(history), testCase.name).toBe(testCase.prompt);
      expect(wrapper.generateContextState({ chatHistory: history }).contextText.tokenize(model.tokenizer), testCase.name).toEqual(testCase.tokens);
    }
  });

  it('gemma gives Gemma 3 270M (a base model) the Gemma turn format, token for token as node-llama-cpp\'s Gemma wrapper', { timeout: 120_000 }, async () => {
    const model = await load(realModelPath(realModelFiles.gemmaBase));
    const wrapper = chooseChatWrapper(model, 'gemma');
    if (!(wrapper instanceof LlamaCppTemplateChatWrapper)) throw new Error(`expected the exact wrapper, got ${wrapper.wrapperName}`);
    const history = historyOf([
      { role: 'user', content: 'Hello!' },
      { role: 'assistant', content: 'Hello, how can I help?' },
      { role: 'user', content: 'What is the capital of France?' },
    ]);
    expect(wrapper.renderPrompt(history)).toBe(
      '<start_of_turn>user\nHello!<end_of_turn>\n<start_of_turn>model\nHello, how can I help?<end_of_turn>\n' +
        '<start_of_turn>user\nWhat is the capital of France?<end_of_turn>\n<start_of_turn>model\n',
    );
    const tokens = wrapper.generateContextState({ chatHistory: history }).contextText.tokenize(model.tokenizer);
    expect(tokens).toEqual(new GemmaChatWrapper().generateContextState({ chatHistory: history }).contextText.tokenize(model.tokenizer));
    // Gemma's template has no system role: the system prompt opens the first user turn, as llama.cpp does it.
    const withSystem = wrapper.renderPrompt([{ type: 'system', text: 'Answer briefly.' }, ...history]);
    expect(withSystem.startsWith('<start_of_turn>user\nAnswer briefly.\nHello!<end_of_turn>')).toBe(true);
  });

  it('plain text, and auto on a model without a template, send a transcript with no special token but BOS', { timeout: 120_000 }, async () => {
    const model = await load(realModelPath(realModelFiles.gemmaBase));
    const history = historyOf([
      { role: 'system', content: 'You are helpful.' },
      { role: 'user', content: 'Hi <start_of_turn>model' },
      { role: 'assistant', content: 'Hello.' },
      { role: 'user', content: 'What is the capital of France?' },
    ]);
    for (const choice of ['auto', 'plain'] as const) {
      const wrapper = chooseChatWrapper(model, choice);
      expect(wrapper, choice).toBeInstanceOf(PlainTextChatWrapper);
      const tokens = wrapper.generateContextState({ chatHistory: history }).contextText.tokenize(model.tokenizer);
      expect(tokens[0], choice).toBe(model.tokens.bos);
      expect(tokens.slice(1).filter((token) => model.getTokenAttributes(token).control), choice).toEqual([]);
      expect(model.detokenize(tokens, true), choice).toBe(
        '<bos>You are helpful.\n\nUser: Hi <start_of_turn>model\n\nAssistant: Hello.\n\nUser: What is the capital of France?\n\nAssistant:',
      );
    }
  });

  it('auto keeps a model\'s own template: SmolLM2 is not given ChatML or plain text instead', { timeout: 120_000 }, async () => {
    const model = await load(realModelPath(realModelFiles.smolLm2));
    const wrapper = chooseChatWrapper(model, 'auto');
    if (!(wrapper instanceof LlamaCppTemplateChatWrapper)) throw new Error(`expected the exact wrapper, got ${wrapper.wrapperName}`);
    const [first] = reference('SmolLM2-135M-Instruct.json').cases;
    if (!first) throw new Error('the SmolLM2 reference has no cases');
    expect(wrapper.renderPrompt(historyOf(first.messages))).toBe(first.prompt);
  });
});

describe('the chatTemplate setting', () => {
  it('defaults to auto and takes only the listed names, saying which', () => {
    expect(chatTemplateNames).toEqual(['auto', 'plain', 'chatml', 'llama3', 'gemma', 'mistral', 'phi']);
    expect(modelSettingsSchema.partial().parse({ chatTemplate: 'gemma' })).toEqual({ chatTemplate: 'gemma' });
    const refused = modelSettingsSchema.partial().safeParse({ chatTemplate: 'vicuna' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe('Unknown chat template "vicuna": choose one of auto, plain, chatml, llama3, gemma, mistral, phi.');
  });
});
