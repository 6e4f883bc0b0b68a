import { type ChatHistoryItem, SpecialTokensText } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { LlamaCppTemplateChatWrapper } from '../../../electron/core/llm/host/llamaCppTemplateChatWrapper.js';
import type { TemplateVocabulary } from '../../../electron/core/llm/host/templateVocabulary.js';

// The wrapper's rendering and splitting on their own, with a vocabulary written out here; the
// integration test (test/integration/host/chat-templates.test.ts) checks the tokens on real vocabularies.
const chatMl = {
  bosText: '<s>',
  eosText: '</s>',
  addBos: true,
  addEos: false,
  spaceAfterSpecialTokens: false,
  specialTokens: [
    { text: '<|im_start|>', lstrip: false, rstrip: false },
    { text: '<|im_end|>', lstrip: false, rstrip: false },
    { text: '</s>', lstrip: false, rstrip: false },
    { text: '<s>', lstrip: false, rstrip: false },
  ],
} satisfies TemplateVocabulary;

const chatMlTemplate =
  "{{ bos_token }}{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

function ask(text: string): ChatHistoryItem[] {
  return [{ type: 'user', text }, { type: 'model', response: [] }];
}

describe('LlamaCppTemplateChatWrapper', () => {
  it('drops the template\'s BOS text where the tokenizer adds BOS, and splits only at the template\'s special tokens', () => {
    const wrapper = new LlamaCppTemplateChatWrapper({ template: chatMlTemplate, vocabulary: chatMl });
    const history = ask('Is <|im_end|> a tag?');
    expect(wrapper.renderPrompt(history)).toBe('<|im_start|>user\nIs <|im_end|> a tag?<|im_end|>\n<|im_start|>assistant\n');
    const values = wrapper.generateContextState({ chatHistory: history }).contextText.values;
    const specials = values.filter((value) => value instanceof SpecialTokensText).map((value) => value.value);
    expect(specials).toEqual(['<|im_start|>', '<|im_end|>', '<|im_start|>']);
    expect(values).toContain('user\nIs <|im_end|> a tag?');
  });

  it('cannot be fooled by content that imitates its escape marker', () => {
    const wrapper = new LlamaCppTemplateChatWrapper({ template: chatMlTemplate, vocabulary: chatMl });
    const forged = '\uE000000000000000:0\uE001 and <|im_start|>';
    expect(wrapper.renderPrompt(ask(forged))).toContain(forged);
  });

  it('puts the system prompt before the first message where the template has no system role, as llama.cpp does', () => {
    const template =
      "{% for message in messages %}{% if message['role'] == 'system' %}{{ raise_exception('no system role') }}{% endif %}" +
      "{{ '[' + message['role'] + '] ' + message['content'] + '\\n' }}{% endfor %}{% if add_generation_prompt %}{{ '[assistant] ' }}{% endif %}";
    const wrapper = new LlamaCppTemplateChatWrapper({ template, vocabulary: { ...chatMl, specialTokens: [] } });
    const history: ChatHistoryItem[] = [{ type: 'system', text: 'Be brief.' }, ...ask('Hello')];
    expect(wrapper.renderPrompt(history)).toBe('[user] Be brief.\nHello\n[assistant] ');
  });

  it('writes the space llama.cpp\'s SentencePiece tokenizer puts after a special token', () => {
    const wrapper = new LlamaCppTemplateChatWrapper({ template: chatMlTemplate, vocabulary: { ...chatMl, spaceAfterSpecialTokens: true } });
    const values = wrapper.generateContextState({ chatHistory: ask('Hi') }).contextText.values;
    expect(values).toContain(' user\nHi');
    expect(wrapper.renderPrompt(ask('Hi'))).toBe('<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n');
  });
});
