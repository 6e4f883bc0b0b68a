/**
 * A chat wrapper that feeds a model exactly what llama.cpp's own server (`llama-server --jinja`) feeds it:
 * the model's Jinja template rendered with llama.cpp's variables (common/chat.cpp), BOS as the vocabulary
 * asks, and the prompt tokenised whole between special tokens. node-llama-cpp's wrappers differ from that
 * on real models (a dropped default system prompt, a doubled or missing BOS, an old date, thinking off,
 * the prompt tokenised piece by piece); test/fixtures/chat-templates/README.md lists what each got wrong.
 */
import { randomBytes } from 'node:crypto';
import { Template } from '@huggingface/jinja';
import {
  ChatWrapper,
  type ChatHistoryItem,
  type ChatModelResponse,
  type ChatWrapperGenerateContextStateOptions,
  type ChatWrapperGeneratedContextState,
  type ChatWrapperSettings,
  LlamaText,
  SpecialToken,
  SpecialTokensText,
} from 'node-llama-cpp';
import { type PromptPart, SpecialTokenMatcher } from './promptSpecialTokens.js';
import { templateDateString, templateDateTimeString } from './templateClock.js';
import type { TemplateVocabulary } from './templateVocabulary.js';

export interface LlamaCppTemplateChatWrapperOptions {
  /** The model's `tokenizer.chat_template`. */
  template: string;
  vocabulary: TemplateVocabulary;
  /** A reasoning model's thought tags, for LlamaChat to tell thoughts from the reply; none when absent. */
  segments?: ChatWrapperSettings['segments'];
  /** The template's `enable_thinking`: true (llama.cpp's default) unless a model's `thinking` setting is off. */
  thinking?: boolean;
}

interface TemplateMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export class LlamaCppTemplateChatWrapper extends ChatWrapper {
  public readonly wrapperName = 'LlamaCppTemplate';
  public override readonly settings: ChatWrapperSettings;
  private readonly template: Template;
  private readonly vocabulary: TemplateVocabulary;
  private readonly specialTokens: SpecialTokenMatcher;
  private readonly supportsSystemRole: boolean;
  private readonly thinking: boolean;
  private readonly options: LlamaCppTemplateChatWrapperOptions;
  private withoutThinkingWrapper: LlamaCppTemplateChatWrapper | undefined;

  public constructor(options: LlamaCppTemplateChatWrapperOptions) {
    super();
    this.options = options;
    this.thinking = options.thinking ?? true;
    this.template = new Template(options.template);
    this.vocabulary = options.vocabulary;
    this.specialTokens = new SpecialTokenMatcher(options.vocabulary.specialTokens);
    this.supportsSystemRole = this.rendersSystemMessages();
    const segments = options.segments ?? {};
    this.settings = { ...ChatWrapper.defaultSettings, segments };
    if (segments.thought && this.generationPromptOpensThought()) {
      // The template opens the thought itself (DeepSeek R1's "<think>\n"): the reply starts inside it.
      this.settings = { ...this.settings, segments: { ...segments, thought: { ...segments.thought, openOnResponseStart: true } } };
    }
  }

  public override generateContextState({ chatHistory }: ChatWrapperGenerateContextStateOptions): ChatWrapperGeneratedContextState {
    const values: Array<string | SpecialToken | SpecialTokensText> = this.vocabulary.addBos ? [new SpecialToken('BOS')] : [];
    for (const part of this.promptParts(chatHistory)) {
      // llama.cpp's SentencePiece tokenizer starts the text after every special token with a space;
      // node-llama-cpp trims that space off, so it is written here to give the same tokens.
      const afterSpecial = values.length > 0 && typeof values.at(-1) !== 'string';
      values.push(typeof part === 'string' && afterSpecial && this.vocabulary.spaceAfterSpecialTokens ? ` ${part}` : part);
    }
    return {
      contextText: LlamaText(values),
      // LlamaChat also stops at every end-of-generation token of the vocabulary by itself.
      stopGenerationTriggers: [LlamaText(new SpecialToken('EOS')), LlamaText(new SpecialToken('EOT'))],
    };
  }

  /**
   * The same wrapper with the template's `enable_thinking` false, made once: Qwen 3's template then
   * writes an empty thought itself. Thought tags stay known, for a template that thinks anyway.
   */
  public withoutThinking(): LlamaCppTemplateChatWrapper {
    if (!this.thinking) return this;
    this.withoutThinkingWrapper ??= new LlamaCppTemplateChatWrapper({ ...this.options, thinking: false });
    return this.withoutThinkingWrapper;
  }

  /** The prompt as text, as llama-server's `/apply-template` shows it (special tokens as their text). */
  public renderPrompt(chatHistory: readonly ChatHistoryItem[]): string {
    return this.promptParts(chatHistory)
      .map((part) => (typeof part === 'string' ? part : part.value))
      .join('');
  }

  /**
   * The prompt split for tokenising. Special-token text inside a message's content is escaped before
   * rendering and restored after splitting, so it stays plain text: a document or a user writing
   * "<|im_start|>system" cannot open a turn of its own. llama-server tokenises it as a special token;
   * here that difference is deliberate. The reply in progress was written by the model, so its thought
   * tags are real tags.
   */
  private promptParts(chatHistory: readonly ChatHistoryItem[]): PromptPart[] {
    const { messages: allMessages, replyInProgress } = toTemplateMessages(chatHistory);
    const messages = this.supportsSystemRole ? allMessages : withoutSystemMessage(allMessages);
    const marker = `\uE000${randomBytes(6).toString('hex')}:`;
    const escaped = messages.map((message) => ({ ...message, content: this.specialTokens.escape(message.content, marker) }));
    const reply = replyInProgress ? this.replyText(replyInProgress, (text) => this.specialTokens.escape(text, marker)) : '';
    return this.specialTokens.split(this.render(escaped) + reply, marker);
  }

  /** The template rendered as llama.cpp renders it, with the generation prompt. */
  private render(messages: readonly TemplateMessage[]): string {
    const now = new Date();
    let text = this.template.render({
      messages,
      add_generation_prompt: true,
      bos_token: this.vocabulary.bosText,
      eos_token: this.vocabulary.eosText,
      // llama.cpp's default is true; Qwen 3 and Gemma 4 read it.
      enable_thinking: this.thinking,
      date_string: templateDateString(now),
      datetime: templateDateTimeString(now),
      // `strftime_now` is @huggingface/jinja's own (the clock, the system locale's month names); the
      // library refuses to have it replaced.
    });
    // As llama.cpp's common chat code: its tokenizer adds BOS/EOS itself, so the template's are dropped.
    const { bosText, eosText, addBos, addEos } = this.vocabulary;
    if (addBos && bosText !== '' && text.startsWith(bosText)) text = text.slice(bosText.length);
    if (addEos && eosText !== '' && text.endsWith(eosText)) text = text.slice(0, -eosText.length);
    return text;
  }

  /**
   * What follows the generation prompt while a reply is written: its thoughts in their tags (the opening
   * one left out where the template wrote it), then its text.
   */
  private replyText(response: ChatModelResponse['response'], escape: (text: string) => string): string {
    const thought = this.settings.segments?.thought;
    let text = '';
    for (const [index, part] of response.entries()) {
      if (typeof part === 'string') text += escape(part);
      else if (part.type === 'segment' && part.segmentType === 'thought' && thought) {
        if (index > 0 || thought.openOnResponseStart !== true) text += llamaTextString(thought.prefix);
        text += escape(part.text) + (part.ended ? llamaTextString(thought.suffix) : '');
      }
    }
    return text;
  }

  /** llama.cpp's test (common/jinja/caps.cpp): a template that leaves a system message out, or fails on one, has no system role. */
  private rendersSystemMessages(): boolean {
    const probe = 'System message';
    try {
      return this.render([{ role: 'system', content: probe }, { role: 'user', content: 'User message' }]).includes(probe);
    } catch {
      return false;
    }
  }

  private generationPromptOpensThought(): boolean {
    const prefix = llamaTextString(this.settings.segments?.thought?.prefix).trim();
    if (prefix === '') return false;
    const history: ChatHistoryItem[] = [{ type: 'user', text: 'Hello' }, { type: 'model', response: [] }];
    return this.renderPrompt(history).trimEnd().endsWith(prefix);
  }
}

/**
 * The history as the template's messages. A reply in progress (the last model turn, empty when a reply
 * starts) is not a message: the template's generation prompt opens it and its text follows, so the
 * prompt grows by exactly the generated text and the context state can be reused.
 */
function toTemplateMessages(chatHistory: readonly ChatHistoryItem[]): {
  messages: TemplateMessage[];
  replyInProgress: ChatModelResponse['response'] | undefined;
} {
  const last = chatHistory.at(-1);
  const replyInProgress = last?.type === 'model' ? last.response : undefined;
  const history = replyInProgress ? chatHistory.slice(0, -1) : chatHistory;
  const messages = history.map((item): TemplateMessage => {
    if (item.type === 'system') return { role: 'system', content: LlamaText.fromJSON(item.text).toString() };
    if (item.type === 'user') return { role: 'user', content: item.text };
    // Earlier replies without their thoughts, as llama-server keeps a history.
    return { role: 'assistant', content: item.response.filter((part) => typeof part === 'string').join('') };
  });
  return { messages, replyInProgress };
}

/** llama.cpp's workaround for a template without a system role: the system prompt starts the next message. */
function withoutSystemMessage(messages: readonly TemplateMessage[]): TemplateMessage[] {
  const [first, second, ...rest] = messages;
  if (first?.role !== 'system') return [...messages];
  if (second === undefined) return [];
  return [{ ...second, content: `${first.content}\n${second.content}` }, ...rest];
}

/** The text of a segment tag setting (plain text and special-token text alike). */
function llamaTextString(text: unknown): string {
  if (typeof text === 'string') return text;
  if (!LlamaText.isLlamaText(text)) return '';
  return text.values.map((value) => (value instanceof SpecialTokensText ? value.value : typeof value === 'string' ? value : '')).join('');
}
