import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../../electron/shared/domain.js';
import { type ConversationState, conversationReducer, initialConversation } from '../../../renderer/src/features/chat/conversationState.js';
import { advanceReply, type ReplyEvent, replyEndingOf } from '../../../electron/shared/replies.js';
import { cellText, parseStructuredReply, tableOf } from '../../../renderer/src/features/chat/jsonTable.js';
import { contextUsage, cutOffReason, droppedTurnsNotice, generationSpeed, replyFacts, replyStatusLine } from '../../../renderer/src/features/chat/messageFacts.js';
import { checkSchemaText } from '../../../renderer/src/features/chat/structuredSchema.js';
import { draftFromPreset, emptyDraft, presetFromDraft } from '../../../renderer/src/features/presets/presetDraft.js';

/**
 * The pure parts of the chat experience's window (issue 6): structured replies as tables, a reply's
 * details and context notes, schema and preset forms checked before sending, and the conversation
 * state across branches and long chats. The rendered views are tested in test/e2e/history.e2e.test.ts.
 */
function message(id: string, overrides: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id,
    chatId: 'c1',
    role: 'assistant',
    content: `text of ${id}`,
    status: 'complete',
    modelId: 'm1',
    modelName: 'Model',
    error: null,
    tokensIn: null,
    tokensOut: null,
    timeToFirstTokenMs: null,
    durationMs: null,
    createdAt: Number(id.replace(/\D/g, '')) || 0,
    sources: [],
    provider: 'local',
    endpointName: null,
    routeReason: null,
    redactions: [],
    parentId: null,
    siblingIds: [id],
    presetName: null,
    droppedTurns: null,
    contextSize: null,
    passageFit: null,
    thought: null,
    stopReason: 'end',
    structured: false,
    ...overrides,
  };
}

describe('structured replies', () => {
  it('are one JSON object or array; anything else stays text', () => {
    expect(parseStructuredReply(' {"a": 1} ')).toEqual({ a: 1 });
    expect(parseStructuredReply('[1, 2]')).toEqual([1, 2]);
    expect(parseStructuredReply('{"a": 1')).toBeUndefined();
    expect(parseStructuredReply('"text"')).toBeUndefined();
    expect(parseStructuredReply('Here: {"a": 1}')).toBeUndefined();
  });

  it('become key/value rows, columns for an array of objects, or a list', () => {
    expect(tableOf({ vendor: 'ACME', total: 4 })).toEqual({
      kind: 'record',
      rows: [
        { key: 'vendor', value: 'ACME' },
        { key: 'total', value: 4 },
      ],
    });
    expect(tableOf([{ item: 'bolt', qty: 3 }, { item: 'nut', note: null }])).toEqual({
      kind: 'rows',
      columns: ['item', 'qty', 'note'],
      rows: [
        ['bolt', 3, undefined],
        ['nut', undefined, null],
      ],
    });
    expect(tableOf(['a', 'b'])).toEqual({ kind: 'list', items: ['a', 'b'] });
    expect([cellText('<b>x</b>'), cellText(true), cellText(null), cellText(undefined), cellText({ a: 1 })]).toEqual([
      '<b>x</b>',
      'true',
      'null',
      '',
      '{"a":1}',
    ]);
  });
});

describe('a reply’s details', () => {
  const reply = message('m2', {
    tokensIn: 412,
    tokensOut: 101,
    timeToFirstTokenMs: 500,
    durationMs: 2500,
    contextSize: 1024,
    presetName: 'Terse',
    droppedTurns: 3,
  });

  it('give context use, speed after the first token, and what was left out', () => {
    expect(contextUsage(reply)).toEqual({ used: 412, size: 1024, fraction: 412 / 1024 });
    expect(generationSpeed(reply)).toBe(50);
    expect(droppedTurnsNotice(3)).toBe('3 earlier messages were not sent: the conversation is longer than the model’s context.');
    expect(droppedTurnsNotice(1)).toMatch(/^1 earlier message was not sent/);
    expect([droppedTurnsNotice(0), droppedTurnsNotice(null)]).toEqual([null, null]);
    expect(Object.fromEntries(replyFacts(reply).map((fact) => [fact.label, fact.value]))).toEqual({
      Model: 'Model',
      Assistant: 'Terse',
      'Tokens in': '412',
      'Tokens out': '101',
      'Time to first token': '500 ms',
      Speed: '50 tokens/s',
      'Total time': '2.5 s',
      'Context used': '412 of 1,024 context tokens (40%)',
      'Left out of the context': '3 earlier messages',
    });
  });

  it('fit the figures on one quiet line: length, speed, context, passages that did not fit', () => {
    expect(replyStatusLine(reply)).toBe('101 tokens · 50 tokens/s · 40% of context');
    const source = { chunkId: 1, documentId: 'd1', fileName: 'a.pdf', page: 1, section: null, charStart: 0, charEnd: 1, text: 'x', score: 1, cited: false };
    const sources = [1, 2, 3].map((number) => ({ ...source, number }));
    expect(replyStatusLine(message('m13', { tokensOut: 1, sources, passageFit: { retrieved: 6, shortened: null } }))).toBe('1 token · 3 of 6 passages used');
    // All retrieved passages fitted: the sources list says the rest.
    expect(replyStatusLine(message('m14', { sources, passageFit: { retrieved: 3, shortened: null } }))).toBeNull();
  });

  it('say which replies can be continued: stopped ones, and ones that reached the token limit', () => {
    expect(cutOffReason(message('m4', { status: 'interrupted', stopReason: 'aborted' }))).toBe('interrupted');
    // A reply whose process died has no recorded reason, and is cut off all the same.
    expect(cutOffReason(message('m5', { status: 'interrupted', stopReason: null }))).toBe('interrupted');
    expect(cutOffReason(message('m6', { stopReason: 'max-tokens' }))).toBe('token-limit');
    expect(cutOffReason(message('m7', { stopReason: 'end' }))).toBeNull();
    // Replies from before the reason was recorded, failed ones, empty ones and user messages are not.
    expect(cutOffReason(message('m8', { stopReason: null }))).toBeNull();
    expect(cutOffReason(message('m9', { status: 'error', stopReason: null }))).toBeNull();
    expect(cutOffReason(message('m10', { stopReason: 'max-tokens', content: '  ' }))).toBeNull();
    expect(cutOffReason(message('m11', { role: 'user', status: 'interrupted', stopReason: null }))).toBeNull();
  });

  it('say how many passages fitted the context when some were left out or shortened', () => {
    const source = { chunkId: 1, documentId: 'd1', fileName: 'a.pdf', page: 1, section: null, charStart: 0, charEnd: 1, text: 'x', score: 1, cited: false };
    const sources = [1, 2, 3].map((number) => ({ ...source, number }));
    const facts = (overrides: Partial<ChatMessage>) => replyFacts(message('m12', { modelName: null, sources, ...overrides }));
    expect(facts({})).toEqual([{ label: 'Sources', value: '3 passages' }]);
    expect(facts({ contextSize: 2048, passageFit: { retrieved: 6, shortened: 3 } })).toContainEqual({
      label: 'Sources',
      value: '3 of 6 passages used (context 2,048 tokens); passage 3 shortened',
    });
  });

  it('leave out what core did not record', () => {
    expect(replyFacts(message('m3', { modelName: null })).map((fact) => fact.label)).toEqual([]);
  });
});

describe('schemas and presets checked in the form', () => {
  it('says where a schema is wrong: not JSON, not an object, or beyond what the grammar expresses', () => {
    expect(checkSchemaText('{"type": ')).toMatchObject({ ok: false, problem: expect.stringMatching(/^The schema is not valid JSON/) });
    expect(checkSchemaText('[1]')).toMatchObject({ ok: false, problem: expect.stringMatching(/is a JSON object/) });
    expect(checkSchemaText('{"type": "string", "pattern": "^a"}')).toMatchObject({ ok: false, problem: expect.stringContaining('pattern') });
    expect(checkSchemaText('{"type": "object", "properties": {"a": {"type": "string"}}}')).toMatchObject({ ok: true });
  });

  it('turns a draft into a preset, or errors by field in sentences', () => {
    const draft = { ...emptyDraft, name: ' Reviewer ', temperature: '0.3', maxTokens: '200', jsonSchema: '{"type": "object"}' };
    expect(presetFromDraft(draft)).toEqual({
      ok: true,
      preset: {
        name: 'Reviewer',
        description: '',
        systemPrompt: '',
        sampling: { temperature: 0.3, maxTokens: 200 },
        defaultModel: null,
        defaultCollections: [],
        jsonSchema: { type: 'object' },
      },
    });
    const bad = presetFromDraft({ ...emptyDraft, name: '', temperature: '5', topK: '1.5', seed: 'x', jsonSchema: '{' });
    expect(bad).toMatchObject({
      ok: false,
      errors: {
        name: expect.any(String),
        temperature: 'Must be at most 2.',
        topK: 'Must be a whole number.',
        seed: 'Enter a number, or leave it empty for the default.',
        jsonSchema: expect.stringMatching(/^The schema is not valid JSON/),
      },
    });
  });

  it('round-trips a preset through its draft', () => {
    const preset = {
      id: 'p1',
      builtin: false,
      createdAt: 0,
      updatedAt: 0,
      name: 'Extract',
      description: 'Fields',
      systemPrompt: 'Extract.',
      sampling: { temperature: 0, topK: 40, seed: 7 },
      defaultModel: 'm1',
      defaultCollections: ['Contracts'],
      jsonSchema: { type: 'object' },
    };
    expect(presetFromDraft(draftFromPreset(preset))).toEqual({
      ok: true,
      preset: { ...preset, id: undefined, builtin: undefined, createdAt: undefined, updatedAt: undefined },
    });
  });
});

describe('the conversation state', () => {
  const a = message('u1', { role: 'user' });
  const b = message('a2', { parentId: 'u1' });
  const c = message('u3', { role: 'user', parentId: 'a2' });
  const d = message('a4', { parentId: 'u3' });

  it('opens a long chat on its newest messages, then takes the whole branch', () => {
    let state = conversationReducer(initialConversation, { type: 'tail', messages: [c, d], whole: false });
    expect(state).toMatchObject({ messages: [c, d], complete: false });
    state = conversationReducer(state, { type: 'loaded', messages: [a, b, c, d], complete: true });
    expect(state).toMatchObject({ messages: [a, b, c, d], complete: true });
    // Fetched again while a reply came in: the newest replace the list from the first of them on.
    const d2 = { ...d, content: 'longer text of a4' };
    state = conversationReducer(state, { type: 'tail', messages: [c, d2], whole: false });
    expect(state).toMatchObject({ messages: [a, b, c, d2], complete: true });
  });

  it('drops the old branch after an edit or a regeneration', () => {
    const full = conversationReducer(initialConversation, { type: 'loaded', messages: [a, b, c, d], complete: true });
    const again = message('a5', { parentId: 'u3', status: 'streaming', content: '' });
    expect(conversationReducer(full, { type: 'branched', keepThrough: 'u3', messages: [again] }).messages?.map((m) => m.id)).toEqual([
      'u1',
      'a2',
      'u3',
      'a5',
    ]);
    const edited = message('u6', { role: 'user', parentId: 'a2' });
    const answer = message('a7', { parentId: 'u6', status: 'streaming', content: '' });
    expect(
      conversationReducer(full, { type: 'branched', keepThrough: 'a2', messages: [edited, answer] }).messages?.map((m) => m.id),
    ).toEqual(['u1', 'a2', 'u6', 'a7']);
  });

  it('brings a continued reply back to writing from its stream, appending what streams', () => {
    const stopped = { ...d, status: 'interrupted' as const, content: 'cut', stopReason: 'aborted' as const };
    let state = conversationReducer(initialConversation, { type: 'loaded', messages: [c, stopped], complete: true });
    const reopened = { ...stopped, status: 'streaming' as const, stopReason: null };
    const placement = { kind: 'continue' } as const;
    state = conversationReducer(state, { type: 'reply', messageId: 'a4', placement, event: { type: 'accepted', userMessage: c, assistantMessage: reopened } });
    state = conversationReducer(state, { type: 'reply', messageId: 'a4', placement, event: { type: 'text', text: ' and more' } });
    expect(state.messages?.[1]).toMatchObject({ status: 'streaming', content: 'cut and more' });
    expect(state.replies.a4).toEqual({ phase: 'generating' });
  });

  it('follows one reply through its life from its stream alone: queued, loading, generating, then exactly one ending', () => {
    const question = message('u9', { role: 'user', parentId: 'a4' });
    const reply = message('a10', { parentId: 'u9', status: 'streaming', content: '' });
    const placement = { kind: 'append' } as const;
    const apply = (state: ConversationState, event: ReplyEvent) => conversationReducer(state, { type: 'reply', messageId: 'a10', placement, event });
    let state = conversationReducer(initialConversation, { type: 'loaded', messages: [a, b, c, d], complete: true });
    state = apply(state, { type: 'accepted', userMessage: question, assistantMessage: reply });
    expect(state.messages?.map((m) => m.id)).toEqual(['u1', 'a2', 'u3', 'a4', 'u9', 'a10']);
    expect(state.replies.a10).toEqual({ phase: 'queued' });
    state = apply(state, { type: 'state', state: { phase: 'loading', progress: 0.5 } });
    expect(state.replies.a10).toEqual({ phase: 'loading', progress: 0.5 });
    state = apply(state, { type: 'text', text: 'Hel' });
    // A late load report never takes a writing reply back.
    state = apply(state, { type: 'state', state: { phase: 'loading', progress: 1 } });
    expect(state.replies.a10).toEqual({ phase: 'generating' });
    const stored = { ...reply, content: 'Hel', status: 'interrupted' as const, stopReason: 'aborted' as const };
    state = apply(state, { type: 'end', message: stored, state: { phase: 'ended', ending: 'stopped', error: null } });
    expect(state.replies).toEqual({});
    expect(state.messages?.at(-1)).toEqual(stored);
    expect(replyEndingOf(stored)).toBe('stopped');
  });

  it('names every stored ending, and a stop before any text is "stopped", never an error', () => {
    const base = message('a11', { content: '' });
    expect(replyEndingOf({ ...base, status: 'interrupted', stopReason: 'aborted' })).toBe('stopped');
    expect(replyEndingOf({ ...base, status: 'interrupted', stopReason: null })).toBe('interrupted');
    expect(replyEndingOf({ ...base, status: 'complete', stopReason: 'max-tokens' })).toBe('token-limit');
    expect(replyEndingOf({ ...base, status: 'complete', stopReason: 'end' })).toBe('complete');
    expect(replyEndingOf({ ...base, status: 'error', stopReason: null })).toBe('error');
    expect(replyEndingOf({ ...base, status: 'streaming', stopReason: null })).toBeNull();
    expect(advanceReply({ phase: 'ended', ending: 'stopped', error: null }, { phase: 'generating' })).toEqual({
      phase: 'ended',
      ending: 'stopped',
      error: null,
    });
  });
});
