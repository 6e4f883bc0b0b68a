import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatService } from '../../../electron/core/chat/chatService.js';
import { createChat } from '../../../electron/core/chat/store/chats.js';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import type { ReplyWriter, ProviderChatRequest } from '../../../electron/core/llm/provider.js';
import {
  chatPreset,
  deletePreset,
  exportPresets,
  importPresets,
  savePreset,
  seedBuiltinPresets,
  setChatPreset,
} from '../../../electron/core/presets/presets.js';
import { listPresets } from '../../../electron/core/presets/store/presets.js';
import { stubModelInfo } from '../../support/modelInfo.js';

const model = stubModelInfo;

describe('presets ("assistants")', () => {
  const dirs: string[] = [];
  const open = (): Database => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-presets-'));
    dirs.push(dir);
    const db = openDatabase(path.join(dir, 'enclave.db'));
    seedBuiltinPresets(db);
    return db;
  };
  let db: Database;
  beforeEach(() => {
    db = open();
  });
  afterEach(() => {
    db.close();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ships built-in presets for regulated work that cannot be changed or deleted', () => {
    const builtins = listPresets(db).filter((preset) => preset.builtin);
    expect(builtins.map((preset) => preset.name)).toEqual(['Draft a reply', 'Extract contract fields', 'Summarise a document']);
    expect(builtins.find((preset) => preset.name === 'Extract contract fields')!.jsonSchema).toMatchObject({ type: 'object' });
    expect(() => deletePreset(db, 'builtin-draft-reply')).toThrow(/ships with Enclave/);
    expect(() => savePreset(db, { name: 'Draft a reply' }, 'builtin-draft-reply')).toThrow(/cannot be changed/);
    seedBuiltinPresets(db); // seeding again adds nothing twice
    expect(listPresets(db).filter((preset) => preset.builtin)).toHaveLength(3);
  });

  it('applies the chat preset: system prompt first, its sampling, its name on the reply', async () => {
    const requests: ProviderChatRequest[] = [];
    const provider: ReplyWriter = {
      streamChat(request, events) {
        requests.push(request);
        events.onText('ok');
        return Promise.resolve({ text: 'ok', stopReason: 'end', tokensIn: 1, tokensOut: 1, timeToFirstTokenMs: 1, durationMs: 1 });
      },
    };
    const service = new ChatService({
      db,
      provider,
      emit: () => undefined,
      generation: { maxTokens: 64, temperature: 0.7 },
      presetFor: (chatId) => chatPreset(db, chatId),
    });
    const preset = savePreset(db, {
      name: 'Legal reviewer',
      systemPrompt: 'You review contracts.',
      sampling: { temperature: 0.1, topP: 0.9, seed: 7, maxTokens: 300 },
    });
    const chat = createChat(db);
    setChatPreset(db, chat.id, preset.id);
    const reply = await service.send(chat.id, model, 'Check clause 3').completion;

    expect(requests[0]!.turns).toEqual([
      { role: 'system', content: 'You review contracts.' },
      { role: 'user', content: 'Check clause 3' },
    ]);
    expect(requests[0]).toMatchObject({ maxTokens: 300, temperature: 0.1, sampling: { topP: 0.9, seed: 7 } });
    expect(reply.presetName).toBe('Legal reviewer');

    setChatPreset(db, chat.id, null);
    await service.send(chat.id, model, 'Again').completion;
    expect(requests[1]!.turns[0]!.role).toBe('user');
    expect(requests[1]).toMatchObject({ maxTokens: 64, temperature: 0.7 });
    expect(reply.structured).toBe(false);

    // A preset's schema, or one given with the message, constrains the reply, and the reply says so.
    const fields = { type: 'object', properties: { party: { type: 'string' } } };
    setChatPreset(db, chat.id, savePreset(db, { name: 'Fields', jsonSchema: fields }).id);
    const fromPreset = await service.send(chat.id, model, 'Who signs?').completion;
    expect(requests[2]!.jsonSchema).toEqual(fields);
    expect(fromPreset.structured).toBe(true);
    setChatPreset(db, chat.id, null);
    const fromMessage = await service.send(chat.id, model, 'Who pays?', { jsonSchema: fields }).completion;
    expect(requests[3]!.jsonSchema).toEqual(fields);
    expect(fromMessage.structured).toBe(true);
    expect((await service.send(chat.id, model, 'Thanks').completion).structured).toBe(false);
  });

  it('round-trips presets through a file to another machine, skipping taken names and reporting bad entries', () => {
    savePreset(db, { name: 'Triage', description: 'Sort requests', systemPrompt: 'Sort.', sampling: { temperature: 0.3 }, defaultCollections: ['Policies'] });
    savePreset(db, { name: 'Extractor', jsonSchema: { type: 'object', properties: { a: { type: 'string' } } } });
    const file = exportPresets(db);
    const other = open();
    try {
      savePreset(other, { name: 'Triage', systemPrompt: 'Mine.' });
      const report = importPresets(other, file);
      expect(report).toEqual({ imported: ['Extractor'], skipped: ['Triage'], invalid: [] });
      expect(listPresets(other).find((preset) => preset.name === 'Triage')!.systemPrompt).toBe('Mine.');
      const copied = listPresets(other).find((preset) => preset.name === 'Extractor')!;
      expect(copied.jsonSchema).toEqual({ type: 'object', properties: { a: { type: 'string' } } });

      const halfValid = JSON.stringify({
        format: 'enclave-presets',
        version: 1,
        presets: [{ name: 'Good one' }, { name: '' }, { name: 'Hot', sampling: { temperature: 9 } }, 'nonsense'],
      });
      const mixed = importPresets(other, halfValid);
      expect(mixed.imported).toEqual(['Good one']);
      expect(mixed.invalid.map((entry) => [entry.index, entry.name])).toEqual([
        [1, ''],
        [2, 'Hot'],
        [3, null],
      ]);
      expect(mixed.invalid[1]!.reason).toMatch(/sampling\.temperature/);
      expect(() => importPresets(other, '{"chats": []}')).toThrow(/not an Enclave presets file/);
      expect(() => importPresets(other, 'not json')).toThrow(/not JSON/);
      expect(() => importPresets(other, JSON.stringify({ format: 'enclave-presets', version: 9, presets: [] }))).toThrow(/newer Enclave/);
    } finally {
      other.close();
    }
  });
});
