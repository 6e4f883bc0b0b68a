/**
 * Which chat wrapper a loaded model gets. A model with a Jinja template gets the template rendered as
 * llama.cpp renders it (LlamaCppTemplateChatWrapper), always: node-llama-cpp's specialised wrappers
 * (ChatML, Llama 3, DeepSeek, Mistral, ...) render some real models differently from their own template
 * (test/fixtures/chat-templates/README.md), and telling where one is identical would mean rendering both
 * for every model anyway. A model without a template is a base model: it reads the conversation as a
 * plain transcript (PlainTextChatWrapper). One with a template our renderer cannot run keeps
 * node-llama-cpp's choice. The model's `chatTemplate` setting overrides all of this with a named
 * family's template (namedChatTemplates.ts) or the plain transcript.
 */
import { type ChatWrapper, type LlamaModel, resolveChatWrapper } from 'node-llama-cpp';
import type { ChatTemplateName } from '../../../shared/models.js';
import { EnclaveError } from '../../errors.js';
import { LlamaCppTemplateChatWrapper } from './llamaCppTemplateChatWrapper.js';
import { namedChatTemplates } from './namedChatTemplates.js';
import { PlainTextChatWrapper } from './plainTextChatWrapper.js';
import { readTemplateVocabulary } from './templateVocabulary.js';

export function chooseChatWrapper(model: LlamaModel, chatTemplate: ChatTemplateName = 'auto'): ChatWrapper {
  if (chatTemplate === 'plain') return plainText(model);
  if (chatTemplate !== 'auto') return namedTemplate(model, chatTemplate);
  const template: unknown = model.fileInfo.metadata.tokenizer.chat_template;
  if (typeof template !== 'string' || template.trim() === '') return plainText(model);
  // Given a model, node-llama-cpp falls back to the general chat format itself.
  const resolved = resolveChatWrapper(model);
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

function plainText(model: LlamaModel): PlainTextChatWrapper {
  return new PlainTextChatWrapper({ addBos: model.tokens.shouldPrependBosToken });
}

/** A family's template the user chose; none of these is a reasoning template, so no thought tags. */
function namedTemplate(model: LlamaModel, name: Exclude<ChatTemplateName, 'auto' | 'plain'>): LlamaCppTemplateChatWrapper {
  try {
    const wrapper = new LlamaCppTemplateChatWrapper({ template: namedChatTemplates[name], vocabulary: readTemplateVocabulary(model) });
    wrapper.generateContextState({ chatHistory: sanityCheckHistory });
    return wrapper;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new EnclaveError('model-load-failed', `The ${name} chat template could not render a conversation for this model: ${detail}`, { cause: error });
  }
}

const sanityCheckHistory = [
  { type: 'system', text: 'You are helpful.' },
  { type: 'user', text: 'Hello' },
  { type: 'model', response: ['Hi.'] },
  { type: 'user', text: 'Thanks' },
  { type: 'model', response: [] },
] as const satisfies Parameters<ChatWrapper['generateContextState']>[0]['chatHistory'];
