import type { Database } from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { saveMessageSources } from '../../../electron/core/chat/store/messageSources.js';
import { finishMessage, insertMessage, listAllMessages, setContextUse, setLeaf } from '../../../electron/core/chat/store/messages.js';
import { attachCollection, createCollection } from '../../../electron/core/documents/store/collections.js';
import { exportChats } from '../../../electron/core/history/exportChats.js';
import { chatExportVersion } from '../../../electron/core/history/exportFormat.js';
import { importChats } from '../../../electron/core/history/importChats.js';
import { searchMessages } from '../../../electron/core/history/search.js';
import type { MessageSource } from '../../../electron/shared/documents.js';
import { useTempDir } from '../../support/tempDir.js';
import { openTestDatabase, seedChat } from './historyFixtures.js';

const exportedAt = Date.UTC(2026, 10, 22, 14, 5);
const source: MessageSource = {
  number: 1,
  chunkId: 42,
  documentId: 'doc1',
  fileName: 'contract.pdf',
  page: 3,
  section: null,
  charStart: 100,
  charEnd: 180,
  text: 'Either party may terminate with ninety days notice.',
  score: 0.87,
  cited: true,
};

/** Two chats with everything a message can carry: branches, sources, redactions, errors, figures. */
function seedHistory(db: Database) {
  const contract = seedChat(db, 'Contract questions', [
    { role: 'user', content: 'How can we end the contract?' },
    { role: 'assistant', content: 'With ninety days notice [1].', modelId: 'm1', modelName: 'Tiny Chat', presetName: 'Summarise' },
  ]);
  const [question, answer] = contract.ids as [string, string];
  finishMessage(db, answer, {
    content: 'With ninety days notice [1].',
    status: 'complete',
    error: null,
    stats: { tokensIn: 120, tokensOut: 9, timeToFirstTokenMs: 35.4, durationMs: 410 },
    stopReason: 'max-tokens',
  });
  saveMessageSources(db, answer, [source, { ...source, number: 2, chunkId: 43, cited: false, page: 4 }]);
  setContextUse(db, answer, 2, 4096);
  // Regenerated: a sibling reply, cut off with an error, shown instead of the first.
  const retry = insertMessage(
    db,
    { chatId: contract.chat.id, role: 'assistant', content: 'Ninety d', status: 'streaming', parentId: question, modelName: 'Tiny Chat' },
    1_700_000_005_000,
  );
  finishMessage(db, retry.id, {
    content: 'Ninety d',
    status: 'interrupted',
    error: { code: 'model-host-crashed', message: 'The model stopped.' },
    stats: null,
    stopReason: null,
  });
  setLeaf(db, contract.chat.id, retry.id);
  const documents = createCollection(db, 'Legal');
  attachCollection(db, contract.chat.id, documents.id);

  const remote = seedChat(db, 'Remote draft', [
    { role: 'user', content: 'Write to jane@example.com about the renewal' },
    {
      role: 'assistant',
      content: 'Dear Jane, the renewal is due.',
      provider: 'remote',
      endpointName: 'Azure EU',
      routeReason: 'You chose a remote model.',
      redactions: [{ placeholder: '[EMAIL_1]', detector: 'email', original: 'jane@example.com' }],
      modelName: 'gpt-4o-mini',
    },
  ], 1_700_100_000_000);
  return { contract, retry, remote };
}

describe('chat export and import', () => {
  const tempDir = useTempDir();

  it('round-trips every chat through JSON: export, import elsewhere, export again gives the same file', () => {
    const { db: source } = openTestDatabase(tempDir());
    seedHistory(source);
    const first = exportChats(source, { all: true }, 'json', exportedAt);
    expect(first).toMatchObject({ fileName: 'enclave-chats-2026-11-22.json', mimeType: 'application/json', chatCount: 2, messageCount: 5 });
    const parsed = JSON.parse(first.content) as { format: string; version: number; chats: { messages: unknown[] }[] };
    expect(parsed).toMatchObject({ format: 'enclave-chats', version: chatExportVersion, exportedAt });
    expect(parsed.chats.map((chat) => chat.messages.length).sort()).toEqual([2, 3]);

    const { db: target } = openTestDatabase(tempDir());
    const report = importChats(target, first.content);
    expect(report).toEqual({ chatsImported: 2, chatsMerged: 0, chatsUnchanged: 0, messagesImported: 5, messagesSkipped: 0, rejected: [] });
    // Collections are not re-attached on import (they are listed for the reader), so compare without them.
    const withoutCollections = (content: string) =>
      JSON.stringify((JSON.parse(content) as { chats: object[] }).chats.map((chat) => ({ ...chat, collections: [] })));
    const second = exportChats(target, { all: true }, 'json', exportedAt);
    expect(withoutCollections(second.content)).toEqual(withoutCollections(first.content));
    expect(searchMessages(target, { query: 'ninety days' }).hits.length).toBeGreaterThan(0);
    source.close();
    target.close();
  });

  it('keeps why each reply stopped, and reads exports written before Enclave recorded it', () => {
    const { db: source } = openTestDatabase(tempDir());
    const { contract } = seedHistory(source);
    const file = JSON.parse(exportChats(source, { chatId: contract.chat.id }, 'json', exportedAt).content) as {
      chats: { messages: Record<string, unknown>[] }[];
    };
    expect(file.chats[0]!.messages.map((message) => message.stopReason)).toEqual([null, 'max-tokens', null]);

    const { db: target } = openTestDatabase(tempDir());
    importChats(target, JSON.stringify(file));
    expect(listAllMessages(target, contract.chat.id).map((message) => message.stopReason)).toEqual([null, 'max-tokens', null]);

    // An older file has no stopReason at all: it imports, with the reason unknown.
    for (const message of file.chats[0]!.messages) delete message.stopReason;
    const { db: older } = openTestDatabase(tempDir());
    expect(importChats(older, JSON.stringify(file))).toMatchObject({ chatsImported: 1, messagesImported: 3, rejected: [] });
    expect(listAllMessages(older, contract.chat.id).map((message) => message.stopReason)).toEqual([null, null, null]);
    for (const db of [source, target, older]) db.close();
  });

  it('imports the same file twice without duplicating anything', () => {
    const { db: source } = openTestDatabase(tempDir());
    seedHistory(source);
    const file = exportChats(source, { all: true }, 'json', exportedAt).content;
    const { db: target } = openTestDatabase(tempDir());
    importChats(target, file);
    const again = importChats(target, file);
    expect(again).toEqual({ chatsImported: 0, chatsMerged: 0, chatsUnchanged: 2, messagesImported: 0, messagesSkipped: 5, rejected: [] });
    expect(target.prepare('SELECT COUNT(*) FROM messages').pluck().get()).toBe(5);
    expect(target.prepare('SELECT COUNT(*) FROM chats').pluck().get()).toBe(2);
    source.close();
    target.close();
  });

  it('merges a chat already here by message id and shows the branch it continued with', () => {
    const { db } = openTestDatabase(tempDir());
    const { chat, ids } = seedChat(db, 'Notes', [
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'first answer' },
    ]);
    const earlier = exportChats(db, { chatId: chat.id }, 'json', exportedAt).content;
    const later = insertMessage(db, { chatId: chat.id, role: 'user', content: 'follow-up question', status: 'complete', parentId: ids[1]! });
    setLeaf(db, chat.id, later.id);
    const full = exportChats(db, { chatId: chat.id }, 'json', exportedAt).content;

    const { db: other } = openTestDatabase(tempDir());
    importChats(other, earlier);
    const report = importChats(other, full);
    expect(report).toMatchObject({ chatsImported: 0, chatsMerged: 1, messagesImported: 1, messagesSkipped: 2 });
    expect(listAllMessages(other, chat.id).map((message) => message.content)).toEqual(['first question', 'first answer', 'follow-up question']);
    expect(other.prepare('SELECT leaf_message_id FROM chats WHERE id = ?').pluck().get(chat.id)).toBe(later.id);
    db.close();
    other.close();
  });

  it('refuses a file that is not an Enclave export, saying why', () => {
    const { db } = openTestDatabase(tempDir());
    const attempts: [string, RegExp][] = [
      ['this is not json', /not an Enclave chat export: it is not valid JSON/],
      ['[{"title": "ChatGPT conversation", "mapping": {}}]', /no "format": "enclave-chats" marker/],
      ['{"format": "other-app", "version": 1, "chats": []}', /its format is "other-app"/],
      ['{"format": "enclave-chats", "version": 1, "chats": "none"}', /it is damaged \(chats: /],
    ];
    for (const [content, message] of attempts) {
      expect(() => importChats(db, content)).toThrow(expect.objectContaining({ code: 'import-not-enclave', message: expect.stringMatching(message) }));
    }
    db.close();
  });

  it('refuses an export from a newer version of Enclave', () => {
    const { db } = openTestDatabase(tempDir());
    const newer = JSON.stringify({ format: 'enclave-chats', version: chatExportVersion + 1, chats: [] });
    expect(() => importChats(db, newer)).toThrow(
      expect.objectContaining({ code: 'import-too-new', message: expect.stringMatching(/newer version of Enclave \(format version 2; this version reads up to 1\)/) }),
    );
    db.close();
  });

  it('imports the valid chats of a half-valid file and reports the others', () => {
    const { db: source } = openTestDatabase(tempDir());
    const { chat } = seedChat(source, 'Good chat', [{ role: 'user', content: 'hello there' }]);
    const file = JSON.parse(exportChats(source, { all: true }, 'json', exportedAt).content) as { chats: unknown[] };
    const message = (id: string, parentId: string | null, role = 'user') => ({ id, parentId, role, content: 'x', createdAt: 1 });
    file.chats.push(
      { id: 'badrole', title: 'Bad role', createdAt: 1, updatedAt: 1, messages: [message('a1', null, 'wizard')] },
      { id: 'orphan', title: 'Orphan', createdAt: 1, updatedAt: 1, messages: [message('b2', 'b1'), message('b1', null)] },
      'not a chat',
      { id: 'twice', title: 'Twice', createdAt: 1, updatedAt: 1, messages: [message('c1', null), message('c1', null)] },
    );
    const { db: target } = openTestDatabase(tempDir());
    const report = importChats(target, JSON.stringify(file));
    expect(report).toMatchObject({ chatsImported: 1, messagesImported: 1 });
    expect(report.rejected).toEqual([
      { index: 1, chatId: 'badrole', title: 'Bad role', reason: expect.stringMatching(/^messages\.0\.role: /) },
      { index: 2, chatId: 'orphan', title: 'Orphan', reason: 'message b2 follows message b1, which does not come before it in this chat' },
      { index: 3, chatId: null, title: null, reason: expect.any(String) },
      { index: 4, chatId: 'twice', title: 'Twice', reason: 'message c1 appears twice' },
    ]);
    expect(target.prepare('SELECT id FROM chats').pluck().all()).toEqual([chat.id]);
    expect(target.prepare('SELECT COUNT(*) FROM messages').pluck().get()).toBe(1);
    source.close();
    target.close();
  });

  it('writes one chat as Markdown: the branch shown, authors, figures, endings and sources', () => {
    const { db } = openTestDatabase(tempDir());
    const { contract } = seedHistory(db);
    const file = exportChats(db, { chatId: contract.chat.id }, 'md', exportedAt);
    expect(file).toMatchObject({ fileName: 'enclave-chat-contract-questions-2026-11-22.md', mimeType: 'text/markdown', chatCount: 1 });
    const markdown = file.content;
    expect(markdown).toMatch(/^# Contract questions\n\nChat `[0-9a-f]{32}` · created 2023-11-14 22:13 UTC · .* · 3 messages\n/);
    expect(markdown).toContain('_Other branches (edits and regenerations) hold 1 more message; the JSON export has them._');
    expect(markdown).toContain('### You · 2023-11-14 22:13 UTC\n\nHow can we end the contract?');
    expect(markdown).toContain('### Assistant (Tiny Chat) · 2023-11-14 22:13 UTC\n\nNinety d\n\n> Interrupted: The model stopped.');
    // The first reply is on the branch not shown: only the JSON export has it.
    expect(markdown).not.toContain('With ninety days notice');

    setLeaf(db, contract.chat.id, contract.ids[1]!);
    const shown = exportChats(db, { chatId: contract.chat.id }, 'md', exportedAt).content;
    expect(shown).toContain('_preset Summarise · 120 tokens in · 9 out · first token 35 ms · 0.4 s_\n\nWith ninety days notice [1].');
    expect(shown).toContain('Sources:\n\n1. contract.pdf, page 3 (cited)\n2. contract.pdf, page 4 (also retrieved)');
    db.close();
  });

  it('writes every chat as one Markdown file', () => {
    const { db } = openTestDatabase(tempDir());
    seedHistory(db);
    const file = exportChats(db, { all: true }, 'md', exportedAt);
    expect(file.fileName).toBe('enclave-chats-2026-11-22.md');
    expect(file.content).toMatch(/^# Enclave chats\n\nExported 2026-11-22 14:05 UTC · 2 chats\n\n## Remote draft\n/);
    expect(file.content).toContain('\n---\n\n## Contract questions\n');
    expect(file.content).toContain('### Assistant (gpt-4o-mini via Azure EU)');
    db.close();
  });

  it('answers an unknown chat with not-found', () => {
    const { db } = openTestDatabase(tempDir());
    expect(() => exportChats(db, { chatId: 'nope' }, 'json')).toThrow(expect.objectContaining({ code: 'not-found' }));
    db.close();
  });
});
