import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { beforeEach, describe, expect, it } from 'vitest';
import { defaultAppSettings, defaultModelSettings } from '../../../electron/shared/domain.js';
import { createChat, listChats } from '../../../electron/core/chat/store/chats.js';
import { insertMessage, listAllMessages } from '../../../electron/core/chat/store/messages.js';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { rowFields } from '../../../electron/core/db/rows.js';
import { insertModel, listStoredModels } from '../../../electron/core/models/store/models.js';
import { savePreset } from '../../../electron/core/presets/presets.js';
import { findPreset } from '../../../electron/core/presets/store/presets.js';
import { readAppSettings, updateAppSettings } from '../../../electron/core/settings/appSettings.js';
import { useTempDir } from '../../support/tempDir.js';

describe('rows read back from a real database file', () => {
  const tempDir = useTempDir();
  let db: Database;

  beforeEach(() => {
    db = openDatabase(path.join(tempDir(), 'enclave.db'));
    return () => db.close();
  });

  it('renames columns to fields in the order they are selected', () => {
    expect(Object.entries(rowFields({ id: 'a', created_at: 1, time_to_first_token_ms: 2, sha256: 'f' }))).toEqual([
      ['id', 'a'],
      ['createdAt', 1],
      ['timeToFirstTokenMs', 2],
      ['sha256', 'f'],
    ]);
  });

  it('reads valid JSON columns back as they were written', () => {
    const preset = savePreset(db, { name: 'Careful', sampling: { temperature: 0.1, topK: 20 }, defaultCollections: ['Policies'], jsonSchema: { type: 'object' } }, undefined, 5);
    expect(findPreset(db, 'Careful')).toEqual(preset);
    expect(preset).toMatchObject({ sampling: { temperature: 0.1, topK: 20 }, defaultCollections: ['Policies'], jsonSchema: { type: 'object' } });
    const chat = createChat(db, 'Redacted', 1);
    const redactions = [{ placeholder: '[EMAIL_1]', detector: 'email' as const, original: 'a@b.example' }];
    insertMessage(db, { chatId: chat.id, role: 'user', content: 'Mail [EMAIL_1]', status: 'complete', redactions }, 2);
    expect(listAllMessages(db, chat.id)[0]?.redactions).toEqual(redactions);
    expect(listChats(db)[0]).toMatchObject({ id: chat.id, collectionIds: [] });
  });

  it('reports a JSON column that is not JSON as a damaged database, naming the column', () => {
    savePreset(db, { name: 'Careful', sampling: { temperature: 0.1 } });
    db.prepare(`UPDATE presets SET sampling_json = '{"temperature": 0.1' WHERE name = 'Careful'`).run();
    expect(() => findPreset(db, 'Careful')).toThrow(
      expect.objectContaining({ name: 'EnclaveError', code: 'database-corrupt', message: expect.stringContaining('presets.sampling_json holds text that is not JSON') }),
    );
  });

  it('reports JSON that does not fit its schema the same way, with the part that does not fit', () => {
    const chat = createChat(db, 'Redacted', 1);
    insertMessage(db, { chatId: chat.id, role: 'user', content: 'Hi', status: 'complete' }, 2);
    db.prepare(`UPDATE messages SET redactions_json = '[{"placeholder": "[X]", "detector": "horoscope", "original": "x"}]'`).run();
    expect(() => listAllMessages(db, chat.id)).toThrow(
      expect.objectContaining({ code: 'database-corrupt', message: expect.stringMatching(/messages\.redactions_json holds a value that does not fit \(0\.detector: /) }),
    );
  });

  it('falls back to the default for a stored setting that is no longer valid, keeping the valid ones', () => {
    updateAppSettings(db, { retrievalTopK: 10 });
    const stored = { ...readAppSettings(db), maxResidentModels: 'many', memoryBudgetMb: -5, removedLongAgo: true };
    db.prepare(`UPDATE settings SET value_json = ? WHERE key = 'app'`).run(JSON.stringify(stored));
    expect(readAppSettings(db)).toEqual({ ...defaultAppSettings, retrievalTopK: 10 });
  });

  it('starts from the defaults when the stored settings are not JSON at all', () => {
    db.prepare(`INSERT INTO settings (key, value_json) VALUES ('app', 'not json')`).run();
    expect(readAppSettings(db)).toEqual(defaultAppSettings);
    expect(updateAppSettings(db, { idleUnloadMinutes: 5 })).toEqual({ ...defaultAppSettings, idleUnloadMinutes: 5 });
    expect(readAppSettings(db)).toEqual({ ...defaultAppSettings, idleUnloadMinutes: 5 });
  });

  it("reads a model's settings field by field too", () => {
    const description = {
      architecture: 'llama',
      name: 'Tiny',
      parameterCount: 1000,
      quantization: 'Q8_0',
      contextLength: 2048,
      embeddingLength: 64,
      blockCount: 2,
      chatTemplate: null,
      license: null,
      sizeBytes: 10,
    };
    insertModel(db, { sha256: 'ab'.repeat(32), parts: [{ path: '/models/tiny.gguf', sizeBytes: 10, mtimeMs: 1 }], storage: 'linked', description });
    db.prepare(`UPDATE models SET settings_json = '{"contextSize": 4096, "gpuLayers": "all"}'`).run();
    const [model] = listStoredModels(db);
    expect(model?.info.settings).toEqual({ ...defaultModelSettings, contextSize: 4096 });
    expect(model?.description).toEqual(description);
  });
});
