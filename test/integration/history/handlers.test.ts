import { afterEach, describe, expect, it } from 'vitest';
import { dispatchRequest } from '../../../electron/core/ipc/dispatch.js';
import { channelSchemas } from '../../../electron/shared/contract.js';
import type { EnclaveEvent } from '../../../electron/shared/domain.js';
import type { ChatExportFile, ChatImportReport, MessageSearchResult } from '../../../electron/shared/history.js';
import { startTestCore, type TestCore } from '../../support/core.js';
import { useTempDir } from '../../support/tempDir.js';
import { seedChat } from '../../unit/history/historyFixtures.js';

/** The history channels as the renderer reaches them: through the one dispatch door, errors as values. */
describe('history channels', () => {
  const tempDir = useTempDir();
  let test: TestCore | undefined;
  afterEach(async () => {
    await test?.core.dispose();
    test = undefined;
  });

  async function started() {
    test = await startTestCore(tempDir(), { withModel: false });
    const request = (channel: string, payload: unknown) => dispatchRequest(test!.core.handlers, channel, payload);
    return { core: test.core, events: test.events, request };
  }

  it('searches, exports, imports and deletes everything through the contract', async () => {
    const { core, events, request } = await started();
    const { chat } = seedChat(core.db!, 'Quarterly plan', [{ role: 'user', content: 'Draft the quarterly roadmap' }]);

    const search = await request('chats.search', { query: 'roadmap' });
    expect(search).toMatchObject({ ok: true, value: { hits: [{ chatId: chat.id, chatTitle: 'Quarterly plan' }], hasMore: false } });
    expect(((search as { value: MessageSearchResult }).value.hits[0]!.snippet)).toEqual([
      { text: 'Draft the quarterly ', match: false },
      { text: 'roadmap', match: true },
    ]);

    const exported = await request('chats.export', { chatId: chat.id, format: 'json' });
    expect(exported).toMatchObject({ ok: true, value: { fileName: expect.stringMatching(/^enclave-chat-quarterly-plan-.*\.json$/) } });
    const { content } = (exported as { value: ChatExportFile }).value;

    const deleted = await request('chats.deleteAll', {});
    expect(deleted).toEqual({ ok: true, value: { chatsDeleted: 1, messagesDeleted: 1, fileErased: true } });
    expect(events).toContainEqual({ type: 'chats.changed' } satisfies EnclaveEvent);

    events.length = 0;
    const imported = await request('chats.import', { content });
    expect((imported as { value: ChatImportReport }).value).toMatchObject({ chatsImported: 1, messagesImported: 1 });
    expect(events).toEqual([{ type: 'chats.changed' }]);

    const removed = await request('chats.delete', { chatId: chat.id });
    expect(removed).toEqual({ ok: true, value: { chatId: chat.id, messagesDeleted: 1, fileErased: true } });
  });

  it('returns import refusals as error values with their own codes', async () => {
    const { request } = await started();
    expect(await request('chats.import', { content: '{"format":"enclave-chats","version":9,"chats":[]}' })).toEqual({
      ok: false,
      error: { code: 'import-too-new', message: expect.stringMatching(/newer version of Enclave/) },
    });
    expect(await request('chats.import', { content: '{"hello":"world"}' })).toMatchObject({ ok: false, error: { code: 'import-not-enclave' } });
  });

  it('checks payloads: one chat or all, a query with text, bounded limits', () => {
    const exportSchema = channelSchemas['chats.export'];
    expect(exportSchema.safeParse({ all: true, format: 'md' }).success).toBe(true);
    expect(exportSchema.safeParse({ chatId: 'c1', all: true, format: 'md' }).success).toBe(false);
    expect(exportSchema.safeParse({ format: 'json' }).success).toBe(false);
    expect(exportSchema.safeParse({ chatId: 'c1', format: 'pdf' }).success).toBe(false);
    const searchSchema = channelSchemas['chats.search'];
    expect(searchSchema.parse({ query: ' budget ' })).toEqual({
      query: 'budget',
      limit: 20,
      offset: 0,
      since: null,
      until: null,
      modelName: null,
      collectionId: null,
    });
    expect(searchSchema.safeParse({ query: '   ' }).success).toBe(false);
    expect(searchSchema.safeParse({ query: 'x', limit: 1000 }).success).toBe(false);
    expect(channelSchemas['chats.deleteAll'].safeParse({ confirm: true }).success).toBe(false);
  });
});
