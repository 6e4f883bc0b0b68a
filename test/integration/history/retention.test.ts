import { describe, expect, it } from 'vitest';
import { createChat, listChats } from '../../../electron/core/chat/store/chats.js';
import { startTestCore, testPolicy, useTestCore } from '../../support/core.js';
import { useTempDir } from '../../support/tempDir.js';
import { seedChat } from '../../unit/history/historyFixtures.js';

const dayMs = 24 * 60 * 60 * 1000;

function erasures(db: NonNullable<Awaited<ReturnType<typeof startTestCore>>['core']['db']>) {
  const rows = db.prepare("SELECT actor, details FROM audit_events WHERE type = 'chats.erased' ORDER BY seq").all() as { actor: string; details: string }[];
  return rows.map((row) => ({ actor: row.actor, ...(JSON.parse(row.details) as Record<string, unknown>) }));
}

/** The policy's `retention.chatDays`: chats last active more than that many days ago are erased as "delete" erases them. */
describe('chat retention', () => {
  const start = useTestCore();

  it('erases exactly the chats past the limit, each an audit entry; a chat exactly at the limit stays', async () => {
    const { core, events } = await start({ withModel: false, policy: testPolicy({ retention: { chatDays: 30 } }) });
    const db = core.db!;
    const now = Date.now();
    const old = seedChat(db, 'Old', [{ role: 'user', content: 'from last quarter' }, { role: 'assistant', content: 'noted' }], now - 90 * dayMs);
    const justPast = createChat(db, 'Just past', now - 30 * dayMs - 1);
    const atLimit = createChat(db, 'At the limit', now - 30 * dayMs);
    const recent = createChat(db, 'Recent', now - dayMs);

    const report = await core.chatRetention!.run(now);

    expect(report).toMatchObject({ chatIds: [old.chat.id, justPast.id], messagesDeleted: 2, fileErased: true });
    expect(listChats(db).map((chat) => chat.id).sort()).toEqual([atLimit.id, recent.id].sort());
    expect(erasures(db)).toEqual([
      { actor: 'app', scope: 'one', chatId: old.chat.id, chats: 1, messages: 2, collectionsDeleted: 0, reason: 'retention', retentionDays: 30 },
      { actor: 'app', scope: 'one', chatId: justPast.id, chats: 1, messages: 0, collectionsDeleted: 0, reason: 'retention', retentionDays: 30 },
    ]);
    expect(events).toContainEqual({ type: 'chats.changed' });
    // Nothing more to erase: a second run finds nothing and records nothing.
    expect((await core.chatRetention!.run(now)).chatIds).toEqual([]);
    expect(erasures(db)).toHaveLength(2);
  });

  it('keeps every chat without retention.chatDays', async () => {
    const { core } = await start({ withModel: false });
    const ancient = createChat(core.db!, 'Ancient', 0);
    expect((await core.chatRetention!.run()).chatIds).toEqual([]);
    expect(listChats(core.db!).map((chat) => chat.id)).toEqual([ancient.id]);
  });
});

describe('chat retention at start', () => {
  const tempDir = useTempDir();

  it('erases the old chats when core starts', async () => {
    const root = tempDir();
    const first = await startTestCore(root, { withModel: false });
    const old = createChat(first.core.db!, 'Old', Date.now() - 400 * dayMs);
    const kept = createChat(first.core.db!, 'Kept', Date.now() - 10 * dayMs);
    await first.core.dispose();

    const second = await startTestCore(root, { withModel: false, policy: testPolicy({ name: 'Contoso IT', retention: { chatDays: 365 } }) });
    try {
      await expect.poll(() => listChats(second.core.db!).map((chat) => chat.id)).toEqual([kept.id]);
      expect(erasures(second.core.db!)).toEqual([expect.objectContaining({ chatId: old.id, reason: 'retention', retentionDays: 365 })]);
    } finally {
      await second.core.dispose();
    }
  });
});
