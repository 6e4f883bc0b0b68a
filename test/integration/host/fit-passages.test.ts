import type { ChatHistoryItem } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { fencedPassages, groundedInstructions } from '../../../electron/core/chat/groundedPrompt.js';
import { promptTokens } from '../../../electron/core/llm/host/fitHistory.js';
import { fitPassages } from '../../../electron/core/llm/host/fitPassages.js';
import type { MessageSource } from '../../../electron/shared/documents.js';
import { useTinyChatModel } from '../../support/tinyChatModel.js';

/** `count` retrieved passages of about `words` words each, best first. */
function sources(count: number, words = 180): MessageSource[] {
  return Array.from({ length: count }, (_, index) => ({
    number: index + 1,
    chunkId: index + 1,
    documentId: 'd1',
    fileName: 'handbook.pdf',
    page: index + 3,
    section: null,
    charStart: 0,
    charEnd: 0,
    text: Array.from({ length: words }, (_, word) => `clause${index}word${word % 17}`).join(' '),
    score: 1 - index / 10,
    cited: false,
  }));
}

function question(text = 'What notice does the termination clause require?'): ChatHistoryItem[] {
  return [
    { type: 'system', text: groundedInstructions(6) },
    { type: 'user', text },
  ];
}

// fitPassages runs inside the model host; here it runs in the test process on the same tokenizer and template.
describe('fitting retrieved passages into the context', () => {
  const tiny = useTinyChatModel();

  it('gives every passage whole when they fit', () => {
    const passages = fencedPassages(sources(3, 20));
    const fitted = fitPassages(tiny.model, tiny.chatWrapper, question(), passages, { contextSize: 2048, replyReserve: 256 });
    expect(fitted).toMatchObject({ used: 3, shortened: undefined });
    expect((fitted.items[0] as { text: string }).text).toContain(passages[2]!.closing);
  });

  it('leaves out the lowest-ranked passages and shortens the best one left out, within the budget', () => {
    const passages = fencedPassages(sources(6));
    const shortened: (number | undefined)[] = [];
    // As a reply of 64 tokens (or of at most a quarter of the context) would reserve them.
    for (const limits of [{ contextSize: 512, replyReserve: 64 }, { contextSize: 2048, replyReserve: 512 }]) {
      const { contextSize } = limits;
      const fitted = fitPassages(tiny.model, tiny.chatWrapper, question(), passages, limits);
      expect(fitted.used).toBeGreaterThan(0);
      expect(fitted.used).toBeLessThan(6);
      expect(promptTokens(tiny.model, tiny.chatWrapper, fitted.items)).toBeLessThanOrEqual(contextSize - limits.replyReserve - 1);
      const system = (fitted.items[0] as { text: string }).text;
      // The passages kept are the best ones, each fence whole; the shortened one says it was cut.
      for (const passage of passages.slice(0, fitted.used)) expect(system).toContain(passage.closing);
      expect(system).not.toContain(passages[fitted.used]!.opening);
      shortened.push(fitted.shortened);
      if (fitted.shortened !== undefined) {
        expect(fitted.shortened).toBe(fitted.used);
        expect(system).toContain('[…]');
      }
    }
    expect(shortened.some((number) => number !== undefined)).toBe(true);
  });

  it('refuses, naming the real fix, when the question leaves no room for a passage', () => {
    const passages = fencedPassages(sources(2));
    const long = question('Why? '.repeat(400));
    expect(() => fitPassages(tiny.model, tiny.chatWrapper, long, passages, { contextSize: 512, replyReserve: 128 })).toThrow(
      expect.objectContaining({ code: 'context-too-small', message: expect.stringMatching(/larger context/) }),
    );
  });
});
