import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { type ApiChannelMap, apiChannels, createEnclaveApi, type EnclaveApi, type NamedChannel } from '../../electron/shared/api.js';
import {
  type Channel,
  type ChannelInput,
  type ChannelResult,
  channels,
  channelSchemas,
  maxPromptCharacters,
} from '../../electron/shared/contract.js';
import type { Result } from '../../electron/shared/errors.js';
import { EnclaveError } from '../../electron/core/errors.js';
import type { ReplyEvent } from '../../electron/shared/replies.js';
import { dispatchRequest, type Handlers } from '../../electron/core/ipc/dispatch.js';

function fakeHandlers(overrides: Partial<Handlers> = {}): Handlers {
  const fail = () => {
    throw new Error('handler should not run');
  };
  const all = Object.fromEntries(channels.map((channel) => [channel, vi.fn(fail)])) as unknown as Handlers;
  return { ...all, ...overrides };
}

describe('the IPC contract', () => {
  it('accepts valid payloads', () => {
    expect(channelSchemas['chats.send'].safeParse({ chatId: 'abc_1', modelId: 'm1', content: 'Hi' }).success).toBe(true);
    expect(channelSchemas['chats.create'].safeParse({}).success).toBe(true);
    expect(channelSchemas['chats.rename'].safeParse({ chatId: 'a', title: '  Notes  ' }).data?.title).toBe('Notes');
  });

  it.each([
    ['chats.send', { chatId: 'a', modelId: 'm', content: '' }],
    ['chats.send', { chatId: 'a', modelId: 'm', content: '   ' }],
    ['chats.send', { chatId: 'a', modelId: 'm', content: 'x'.repeat(maxPromptCharacters + 1) }],
    ['chats.send', { chatId: '../../etc/passwd', modelId: 'm', content: 'hi' }],
    ['chats.send', { chatId: 'a', modelId: 'm', content: 'hi', extra: true }],
    ['chats.send', { chatId: 42, modelId: 'm', content: 'hi' }],
    ['chats.rename', { chatId: 'a', title: 'x'.repeat(201) }],
    ['chats.get', {}],
    ['chats.list', { anything: 1 }],
    ['chats.delete', null],
    ['chats.delete', 'a string'],
  ] as const)('rejects %s with %j', (channel, payload) => {
    expect(channelSchemas[channel].safeParse(payload).success).toBe(false);
  });
});

describe('a 5 MB pasted prompt', () => {
  it('is refused with the size, the limit and what to do instead, and reaches no handler', async () => {
    const send = vi.fn();
    const result = await dispatchRequest(fakeHandlers({ 'chats.send': send }), 'chats.send', {
      chatId: 'c1',
      modelId: 'm1',
      content: 'x'.repeat(5_000_000),
    });
    expect(result).toEqual({
      ok: false,
      error: { code: 'invalid-request', message: expect.stringMatching(/too long \(5,000,000 characters; the limit is 1,000,000\)\. Add long text as a document/) },
    });
    expect(send).not.toHaveBeenCalled();
  });
});

describe('dispatchRequest', () => {
  it('runs the handler with the parsed payload and wraps the value', async () => {
    const create = vi.fn(({ title }: { title?: string | undefined }) => ({ id: 'c1', title: title ?? 'New chat', createdAt: 0, updatedAt: 0, messageCount: 0, collectionIds: [], presetId: null, model: null }));
    const result = await dispatchRequest(fakeHandlers({ 'chats.create': create }), 'chats.create', { title: ' Notes ' });
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ title: 'Notes' }) });
    expect(create).toHaveBeenCalledWith({ title: 'Notes' });
  });

  it('hands a stream channel the sink of its request, and other channels nothing more', async () => {
    const events: unknown[] = [];
    const send = vi.fn((_payload: unknown, onEvent?: (event: ReplyEvent) => void) => {
      onEvent?.({ type: 'state', state: { phase: 'queued' } });
      return { userMessage: {}, assistantMessage: {} } as never;
    });
    const handlers = fakeHandlers({ 'chats.send': send });
    await dispatchRequest(handlers, 'chats.send', { chatId: 'c1', modelId: 'm1', content: 'Hi' }, (event) => events.push(event));
    expect(events).toEqual([{ type: 'state', state: { phase: 'queued' } }]);
    // Without a listener the work still runs; its events go nowhere.
    await dispatchRequest(handlers, 'chats.send', { chatId: 'c1', modelId: 'm1', content: 'Hi' });
    expect(send).toHaveBeenCalledTimes(2);
    const list = vi.fn(() => []);
    await dispatchRequest(fakeHandlers({ 'chats.list': list }), 'chats.list', {}, (event) => events.push(event));
    expect(list.mock.calls[0]).toHaveLength(1);
  });

  it('refuses an unknown channel without running anything', async () => {
    const handlers = fakeHandlers();
    const result = await dispatchRequest(handlers, 'fs.readFile', { path: '/etc/passwd' });
    expect(result).toEqual({ ok: false, error: { code: 'invalid-request', message: expect.stringContaining('Unknown request') } });
  });

  it('refuses prototype keys as channels', async () => {
    for (const channel of ['__proto__', 'constructor', 'toString', 42, null]) {
      const result = await dispatchRequest(fakeHandlers(), channel, {});
      expect(result.ok).toBe(false);
    }
  });

  it('answers a malformed payload with invalid-request naming the field', async () => {
    const handlers = fakeHandlers();
    const result = await dispatchRequest(handlers, 'chats.send', { chatId: 'a', modelId: 'm', content: 7 });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid-request');
      expect(result.error.message).toMatch(/content/);
    }
    expect(handlers['chats.send']).not.toHaveBeenCalled();
  });

  it('returns thrown EnclaveErrors as values and hides other errors behind internal', async () => {
    const enclaveFailure = await dispatchRequest(
      fakeHandlers({ 'chats.get': () => { throw new EnclaveError('not-found', 'There is no chat with id x.'); } }),
      'chats.get',
      { chatId: 'x' },
    );
    expect(enclaveFailure).toEqual({ ok: false, error: { code: 'not-found', message: 'There is no chat with id x.' } });
    const crash = await dispatchRequest(fakeHandlers({ 'chats.list': () => { throw new TypeError('oops'); } }), 'chats.list', {});
    expect(crash).toEqual({ ok: false, error: { code: 'internal', message: expect.stringContaining('oops') } });
  });
});

describe('the preload API map', () => {
  it('names every channel exactly once', () => {
    // Checked by the compiler (tsc -b over test/): a channel without a name is a type error here.
    expectTypeOf<Exclude<Channel, NamedChannel>>().toEqualTypeOf<never>();
    const named = Object.values(apiChannels).flatMap((members) => Object.values(members));
    expect([...named].sort()).toEqual([...channels].sort());
  });

  it('refuses, at compile time, a name for a channel the contract does not have', () => {
    // @ts-expect-error: 'chats.erase' is not a channel.
    const misspelt = { chats: { erase: 'chats.erase' } } as const satisfies ApiChannelMap;
    expect(misspelt.chats.erase).toBe('chats.erase');
  });

  it('types each function from its channel: required input, or optional when it may be left out', () => {
    expectTypeOf<EnclaveApi['chats']['remove']>().toEqualTypeOf<
      (input: ChannelInput<'chats.delete'>) => Promise<Result<ChannelResult<'chats.delete'>>>
    >();
    expectTypeOf<EnclaveApi['chats']['list']>().toEqualTypeOf<
      (input?: ChannelInput<'chats.list'>) => Promise<Result<ChannelResult<'chats.list'>>>
    >();
    expectTypeOf<EnclaveApi['usage']['report']>().toEqualTypeOf<
      (input?: ChannelInput<'usage.report'>) => Promise<Result<ChannelResult<'usage.report'>>>
    >();
  });
});

describe('createEnclaveApi', () => {
  it('exposes one enumerated function per channel and nothing generic', async () => {
    const called: string[] = [];
    const invoke = vi.fn((channel: string) => {
      called.push(channel);
      return Promise.resolve({ ok: true as const, value: null });
    });
    const granted = 'ab'.repeat(16);
    const api = createEnclaveApi(invoke as never, () => () => undefined, () => Promise.resolve({ ok: true, value: granted }));
    for (const [group, members] of Object.entries(api)) {
      if (typeof members === 'function') continue;
      for (const [name, call] of Object.entries(members as Record<string, (input: unknown) => Promise<unknown>>)) {
        expect(typeof call, `${group}.${name}`).toBe('function');
        await call({});
      }
    }
    expect([...called].sort()).toEqual([...channels].sort());
    expect(new Set(called).size).toBe(called.length);
    expect(Object.keys(api).sort()).toEqual([
      'apiServer',
      'app',
      'audit',
      'chats',
      'collections',
      'documents',
      'endpoints',
      'grantDroppedFile',
      'links',
      'models',
      'onEvent',
      'policy',
      'presets',
      'settings',
      'storage',
      'system',
      'usage',
    ]);
    // A dropped file gets a grant, never a path the page could see or send.
    await expect(api.grantDroppedFile(new Blob([]), 'documents')).resolves.toEqual({ ok: true, value: granted });
  });
});
