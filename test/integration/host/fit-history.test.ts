import type { ChatHistoryItem } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { fitHistory, promptTokens } from '../../../electron/core/llm/host/fitHistory.js';
import { useTinyChatModel } from '../../support/tinyChatModel.js';

/** A system prompt, `exchanges` question-and-answer pairs, and a last question. */
function conversation(exchanges: number, lastQuestion = 'And the last contract?'): ChatHistoryItem[] {
  const items: ChatHistoryItem[] = [{ type: 'system', text: 'You answer questions about contracts.' }];
  for (let index = 0; index < exchanges; index++) {
    items.push({ type: 'user', text: `Question ${index}: what does clause ${index} of the agreement say about notice periods?` });
    items.push({ type: 'model', response: [`Answer ${index}: ninety days notice, in writing, to the registered address.`] });
  }
  items.push({ type: 'user', text: lastQuestion });
  return items;
}

// fitHistory runs inside the model host; here it runs in the test process on the same tokenizer and template.
describe('fitting a long conversation into the context', () => {
  const tiny = useTinyChatModel();

  it('sends everything when it fits, counting the prompt as the template renders it', () => {
    const items = conversation(2);
    const fitted = fitHistory(tiny.model, tiny.chatWrapper, items, { contextSize: 2048, replyReserve: 256 });
    expect(fitted).toMatchObject({ droppedTurns: 0, history: items });
    expect(fitted.promptTokens).toBe(promptTokens(tiny.model, tiny.chatWrapper, items));
  });

  it('drops the oldest whole exchanges, as few as needed, and keeps the system prompt and the last question', () => {
    const items = conversation(60);
    const limits = { contextSize: 512, replyReserve: 64 };
    const fitted = fitHistory(tiny.model, tiny.chatWrapper, items, limits);
    expect(fitted.droppedTurns).toBeGreaterThan(0);
    expect(fitted.droppedTurns % 2).toBe(0);
    expect(fitted.history).toEqual([items[0], ...items.slice(1 + fitted.droppedTurns)]);
    expect(fitted.promptTokens).toBe(promptTokens(tiny.model, tiny.chatWrapper, fitted.history));
    expect(fitted.promptTokens).toBeLessThan(limits.contextSize - limits.replyReserve);
    // One exchange more would not have fitted.
    const oneMore = [items[0]!, ...items.slice(1 + fitted.droppedTurns - 2)];
    expect(promptTokens(tiny.model, tiny.chatWrapper, oneMore)).toBeGreaterThan(limits.contextSize - limits.replyReserve - 1);
  });

  it('keeps a partial reply being continued with the question before it', () => {
    const items: ChatHistoryItem[] = [...conversation(60), { type: 'model', response: ['The last contract can be ended with'] }];
    const fitted = fitHistory(tiny.model, tiny.chatWrapper, items, { contextSize: 512, replyReserve: 64 });
    expect(fitted.history.slice(-2)).toEqual(items.slice(-2));
    expect(fitted.history[0]).toEqual(items[0]);
  });

  it('refuses with context-too-small when the system prompt and last message alone do not fit', () => {
    const items = conversation(3, 'notice '.repeat(600));
    expect(() => fitHistory(tiny.model, tiny.chatWrapper, items, { contextSize: 512, replyReserve: 64 })).toThrow(
      expect.objectContaining({ code: 'context-too-small' }),
    );
  });
});
