import fs from 'node:fs';
import { connect } from '../../../electron/core/db/databaseCipher.js';
import { describe, expect, it } from 'vitest';
import { createChat } from '../../../electron/core/chat/store/chats.js';
import { insertMessage } from '../../../electron/core/chat/store/messages.js';
import type { EnclaveEvent } from '../../../electron/shared/domain.js';
import { testDatabaseKey, useTestCore } from '../../support/core.js';

const marker = 'zqpendingerasuremarker';

/** Resolves once `check` holds, looking every 20 ms (at most 20 s). */
async function until(check: () => boolean): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > 20_000) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('an erasure another program is reading the database through', () => {
  const startCore = useTestCore();

  it('never waits for the reader: the delete returns, the window hears it is pending, and it finishes once the reader lets go', async () => {
    const { core, events, dataDir } = await startCore({ withModel: false });
    const db = core.db!;
    const chat = createChat(db, 'To be erased');
    insertMessage(db, { chatId: chat.id, role: 'user', content: `Please keep ${marker} private.`, status: 'complete', parentId: null });

    // Another program with a read transaction open on the file: the log cannot be emptied under it.
    const reader = connect(db.name, { key: await testDatabaseKey(dataDir), readonly: true });
    reader.prepare('BEGIN').run();
    reader.prepare('SELECT COUNT(*) FROM messages').get();

    // The thread people wait on must keep turning: before, each try waited the 5 s busy timeout.
    let last = performance.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 5);
    const erased = await core.handlers['chats.delete']({ chatId: chat.id });
    clearInterval(ticker);
    expect(erased).toMatchObject({ messagesDeleted: 1, fileErased: false });
    expect(longestGap).toBeLessThan(2000);
    expect((await core.handlers['app.status']({})).erasurePending).toBe(true);
    expect(events).toContainEqual({ type: 'erasure.changed', pending: true });

    reader.prepare('COMMIT').run();
    reader.close();
    await until(() => events.some((event: EnclaveEvent) => event.type === 'erasure.changed' && !event.pending));
    expect((await core.handlers['app.status']({})).erasurePending).toBe(false);
    for (const file of [db.name, `${db.name}-wal`].filter((candidate) => fs.existsSync(candidate))) {
      expect(fs.readFileSync(file).includes(Buffer.from(marker)), file).toBe(false);
    }
  });
});
