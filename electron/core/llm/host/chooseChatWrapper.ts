/**
 * Which chat wrapper a loaded model gets. A model with a Jinja template gets the template rendered as
 * llama.cpp renders it (LlamaCppTemplateChatWrapper), always: node-llama-cpp's specialised wrappers
 * (ChatML, Llama 3, DeepSeek, Mistral, ...) render some real models differently from their own template
 * (test/fixtures/chat-templates/README.md), and telling where one is identical would mean rendering both
 * for every model anyway. A model without a template, or with one our renderer cannot run, keeps
 * node-llama-cpp's choice.
 */
import { type ChatWrapper, type LlamaModel, resolveChatWrapper } from 'node-llama-cpp';
import { LlamaCppTemplateChatWrapper } from './llamaCppTemplateChatWrapper.js';
import { readTemplateVocabulary } from './templateVocabulary.js';

export function chooseChatWrapper(model: LlamaModel): ChatWrapper {
  // Given a model, node-llama-cpp falls back to the general chat format itself.
  const resolved = resolveChatWrapper(model);
  const template: unknown = model.fileInfo.metadata.tokenizer.chat_template;
  if (typeof template !== 'string' || template.trim() === '') return resolved;
  try {
    const wrapper = new LlamaCppTemplateChatWrapper({
      template,
      vocabulary: readTemplateVocabulary(model),
      // node-llama-cpp's wrapper knows a reasoning model's thought tags; LlamaChat uses them to tell
      // thoughts from the reply.
      segments: resolved.settings.segments,
    });
    wrapper.generateContextState({ chatHistory: sanityCheckHistory });
    return wrapper;
  } catch {
    // A template that uses what @huggingface/jinja lacks, or that rejects a plain conversation.
    return resolved;
  }
}

const sanityCheckHistory = [
  { type: 'system', text: 'You are helpful.' },
  { type: 'user', text: 'Hello' },
  { type: 'model', response: ['Hi.'] },
  { type: 'user', text: 'Thanks' },
  { type: 'model', response: [] },
] as const satisfies Parameters<ChatWrapper['generateContextState']>[0]['chatHistory'];
