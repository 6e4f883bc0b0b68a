import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../electron/shared/domain.js';
import type { ReplyEvent } from '../../../electron/shared/replies.js';
import { type ConversationState, conversationReducer, initialConversation } from '../../../renderer/src/features/chat/conversationState.js';
import { thoughtSummary } from '../../../renderer/src/features/chat/thoughtSummary.js';

/**
 * A reasoning model's thoughts in the window's conversation state (issue 21): streamed thoughts grow
 * the reply's `thought`, never its content, and the stored reply replaces them with its timed copy.
 * The rendered fold is tested in test/e2e/thoughts.e2e.test.ts.
 */
const reply: ChatMessage = {
  id: 'a2',
  chatId: 'c1',
  role: 'assistant',
  content: '',
  status: 'streaming',
  modelId: 'm1',
  modelName: 'Model',
  error: null,
  tokensIn: null,
  tokensOut: null,
  timeToFirstTokenMs: null,
  durationMs: null,
  createdAt: 2,
  sources: [],
  provider: 'local',
  endpointName: null,
  routeReason: null,
  redactions: [],
  parentId: 'u1',
  siblingIds: ['a2'],
  presetName: null,
  droppedTurns: null,
  contextSize: null,
  passageFit: null,
  thought: null,
  stopReason: null,
  structured: false,
};
const question: ChatMessage = { ...reply, id: 'u1', role: 'user', content: 'Why?', status: 'complete', parentId: null, siblingIds: ['u1'], createdAt: 1 };

describe("a reply's thoughts in the conversation", () => {
  const apply = (state: ConversationState, event: ReplyEvent) =>
    conversationReducer(state, { type: 'reply', messageId: 'a2', placement: { kind: 'append' }, event });

  it('grow the thought as they stream, leave the answer text alone, and give way to the stored, timed copy', () => {
    let state = apply(initialConversation, { type: 'accepted', userMessage: question, assistantMessage: reply });
    state = apply(state, { type: 'thought', text: 'Let me ' });
    state = apply(state, { type: 'thought', text: 'see [1].' });
    expect(state.replies.a2).toEqual({ phase: 'generating' });
    expect(state.messages?.at(-1)).toMatchObject({ content: '', thought: { text: 'Let me see [1].', durationMs: null } });
    state = apply(state, { type: 'text', text: 'Because.' });
    expect(state.messages?.at(-1)).toMatchObject({ content: 'Because.', thought: { text: 'Let me see [1].' } });
    const stored = { ...reply, content: 'Because.', status: 'complete' as const, stopReason: 'end' as const, thought: { text: 'Let me see [1].', durationMs: 1234 } };
    state = apply(state, { type: 'end', message: stored, state: { phase: 'ended', ending: 'complete', error: null } });
    expect(state.messages?.at(-1)).toEqual(stored);
  });

  it('are summed up as "Thinking…" while the model thinks, then by how long it thought', () => {
    const thought = { text: 'Hmm.', durationMs: 12_400 };
    expect(thoughtSummary(thought, true)).toBe('Thinking…');
    expect(thoughtSummary(thought, false)).toBe('Thought for 12 s');
    expect(thoughtSummary({ text: 'Hmm.', durationMs: 2_340 }, false)).toBe('Thought for 2.3 s');
    expect(thoughtSummary({ text: 'Hmm.', durationMs: null }, false)).toBe('Thought');
  });
});
