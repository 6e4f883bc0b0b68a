import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { PresetInfo } from '../../shared/presetDefinitions.js';
import type { SamplingSettings } from '../../shared/presets.js';
import type { ProviderTurn } from '../llm/provider.js';
import type { Anchor } from './branchTree.js';
import { type BranchText, branchTexts } from './store/messages.js';

export interface GenerationSettings {
  maxTokens: number;
  temperature: number;
}

/**
 * Builds the turns a model reads for a reply: the chat's preset system prompt, the branch's history
 * up to the question, and the question; and the sampling the chat's replies use.
 */
export class TurnBuilder {
  constructor(
    private readonly db: Database,
    private readonly generation: GenerationSettings,
    private readonly presetFor: (chatId: string) => PresetInfo | null,
  ) {}

  /** The preset ("assistant") a chat uses, if any. */
  presetOf(chatId: string): PresetInfo | null {
    return this.presetFor(chatId);
  }

  /** The sampling a chat's replies use: its preset's, over the app's defaults. */
  samplingFor(preset: PresetInfo | null): SamplingSettings {
    // A field the preset leaves out, or sets to undefined, keeps the app's default.
    const { maxTokens, temperature, ...tuning }: PresetInfo['sampling'] = preset?.sampling ?? {};
    return { maxTokens: maxTokens ?? this.generation.maxTokens, temperature: temperature ?? this.generation.temperature, ...tuning };
  }

  /** The turns before the new reply, as the model will read them (the question last). */
  turnsBefore(chatId: string, anchor: Anchor): ProviderTurn[] {
    if (anchor.kind === 'same-question') return this.historyThrough(chatId, anchor.userMessageId);
    const before = anchor.userParentId ? historyFor(branchTexts(this.db, chatId, anchor.userParentId)) : [];
    return this.withSystemPrompt(chatId, [...before, { role: 'user', content: anchor.content }]);
  }

  /** The branch's history down to `messageId`, with the system prompt. */
  historyThrough(chatId: string, messageId: string): ProviderTurn[] {
    return this.withSystemPrompt(chatId, historyFor(branchTexts(this.db, chatId, messageId)));
  }

  /** The chat's preset system prompt first, when it has one. */
  private withSystemPrompt(chatId: string, turns: ProviderTurn[]): ProviderTurn[] {
    const prompt = this.presetFor(chatId)?.systemPrompt.trim();
    return prompt ? [{ role: 'system', content: prompt }, ...turns] : turns;
  }
}

/**
 * The conversation the model reads: every earlier message with text, in order. Failed and empty
 * replies are left out so an error never becomes part of what the model imitates.
 */
function historyFor(messages: readonly BranchText[]): ProviderTurn[] {
  return messages
    .filter((message) => message.content.length > 0 && message.status !== 'error')
    .map((message) => ({ role: message.role, content: message.content }));
}

/** The grounding instructions and passages as the system turn, after any system prompt already there. */
export function withGrounding(turns: ProviderTurn[], grounding: string): ProviderTurn[] {
  const [first, ...rest] = turns;
  if (first?.role === 'system') return [{ role: 'system', content: `${first.content}\n\n${grounding}` }, ...rest];
  return [{ role: 'system', content: grounding }, ...turns];
}
