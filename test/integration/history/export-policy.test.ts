import { describe, expect, it } from 'vitest';
import { dispatchRequest } from '../../../electron/core/ipc/dispatch.js';
import { testPolicy, useTestCore } from '../../support/core.js';
import { seedChat } from '../../unit/history/historyFixtures.js';

/** The policy's `export.allowed`: false refuses every chat export, in words that name the policy; nothing is recorded as exported. */
describe('chat export under the machine policy', () => {
  const start = useTestCore();

  it('refuses exporting chats when export.allowed is false', async () => {
    const { core } = await start({ withModel: false, policy: testPolicy({ name: 'Contoso IT', export: { allowed: false } }) });
    const { chat } = seedChat(core.db!, 'Quarterly plan', [{ role: 'user', content: 'Draft the roadmap' }]);
    const refused = {
      ok: false,
      error: {
        code: 'export-not-allowed',
        message: 'The machine policy (Contoso IT) does not allow exporting chats (export.allowed is false); only an administrator can change that.',
      },
    };
    expect(await dispatchRequest(core.handlers, 'chats.export', { chatId: chat.id, format: 'md' })).toEqual(refused);
    expect(await dispatchRequest(core.handlers, 'chats.export', { all: true, format: 'json' })).toEqual(refused);
    expect(core.db!.prepare("SELECT COUNT(*) AS n FROM audit_events WHERE type = 'chats.exported'").get()).toEqual({ n: 0 });
    expect((await core.handlers['policy.status']({})).chatExportRefusal).toBe(refused.error.message);
  });

  it('exports when the policy allows it (the default)', async () => {
    const { core } = await start({ withModel: false, policy: testPolicy({ name: 'Contoso IT' }) });
    const { chat } = seedChat(core.db!, 'Quarterly plan', [{ role: 'user', content: 'Draft the roadmap' }]);
    expect(await dispatchRequest(core.handlers, 'chats.export', { chatId: chat.id, format: 'md' })).toMatchObject({ ok: true });
    expect((await core.handlers['policy.status']({})).chatExportRefusal).toBeNull();
  });
});
