import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import type { ChatSummary } from '../../../electron/shared/domain.js';
import type { ChatEraseReport, ChatImportReport, MessageSearchResult } from '../../../electron/shared/history.js';
import { seedChat } from '../../unit/history/historyFixtures.js';
import { type CliResult, runCli, stderrLines } from './runCli.js';

const stackFrame = /^\s+at /m;
const marker = 'zqclierasuremarker';

/**
 * `enclave search` and `enclave chats export|import|delete`, each as its own process over a data
 * directory seeded with chats (no model is needed for any of them). The tests run in order.
 */
describe('enclave search and chats export, import and delete, run as child processes', () => {
  let root: string;
  let dataDir: string;
  let budgetId: string;
  let secretId: string;

  const cli = (args: string[], dir = dataDir) => runCli(args, { dataDir: dir });
  const databaseFile = (dir = dataDir) => path.join(dir, 'enclave.db');

  async function json<T>(args: string[], dir = dataDir): Promise<T> {
    const result = await cli([...args, '--json'], dir);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as T;
  }

  function expectUsageError(result: CliResult, pattern: RegExp): void {
    expect(result.code).toBe(2);
    expect(stderrLines(result)[0]).toMatch(pattern);
    expect(result.stderr).not.toMatch(stackFrame);
  }

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-cli-history-'));
    dataDir = path.join(root, 'data');
    const db = openDatabase(databaseFile());
    budgetId = seedChat(db, 'Budget review', [
      { role: 'user', content: 'Please check the invoice from Kestrel Logistics.' },
      { role: 'assistant', content: 'The invoice totals 4,200 euros.', modelName: 'Tiny Chat' },
    ], Date.UTC(2025, 2, 1)).chat.id;
    secretId = seedChat(db, 'Private matter', [{ role: 'user', content: `Remember ${marker} and the invoice.` }], Date.UTC(2025, 5, 1)).chat.id;
    db.close();
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('searches every chat, as text and as JSON', async () => {
    const found = await json<MessageSearchResult>(['search', 'invoice']);
    expect(found.hits).toHaveLength(3);
    expect(found.hits[0]!.snippet.some((segment) => segment.match && segment.text.toLowerCase() === 'invoice')).toBe(true);

    const text = await cli(['search', 'kestrel', 'logis']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^1\. Budget review · you · \d{4}-\d\d-\d\d \d\d:\d\d\n {3}Please check the invoice from Kestrel Logistics\.\n {3}chat [0-9a-f]{32} · message [0-9a-f]{32}\n$/);

    const none = await cli(['search', 'zebra']);
    expect(none.stdout).toBe('No message matches "zebra".\n');
  });

  it('filters by date and model, and treats FTS syntax as words', async () => {
    const since = await json<MessageSearchResult>(['search', 'invoice', '--since', '2025-04-01']);
    expect(since.hits.map((hit) => hit.chatId)).toEqual([secretId]);
    const until = await json<MessageSearchResult>(['search', 'invoice', '--until', '2025-03-01']);
    expect(until.hits.every((hit) => hit.chatId === budgetId)).toBe(true);
    const byModel = await json<MessageSearchResult>(['search', 'invoice', '--model', 'tiny chat']);
    expect(byModel.hits.map((hit) => hit.role)).toEqual(['assistant']);
    const limited = await json<MessageSearchResult>(['search', 'invoice', '--limit', '1']);
    expect([limited.hits.length, limited.hasMore]).toEqual([1, true]);

    const syntax = await cli(['search', '"foo* AND (bar', 'NEAR(']);
    expect(syntax.code, syntax.stderr).toBe(0);
    expect(syntax.stdout).toMatch(/^No message matches/);

    expectUsageError(await cli(['search', 'invoice', '--since', '1 March']), /--since must be a date written YYYY-MM-DD/);
    expectUsageError(await cli(['search']), /missing query/);
  });

  it('exports one chat as Markdown to standard output and every chat as JSON to a file', async () => {
    const markdown = await cli(['chats', 'export', budgetId, '--format', 'md']);
    expect(markdown.code, markdown.stderr).toBe(0);
    expect(markdown.stdout).toMatch(/^# Budget review\n/);
    expect(markdown.stdout).toContain('### Assistant (Tiny Chat)');

    const out = path.join(root, 'all.json');
    const all = await cli(['chats', 'export', '--all', '--format', 'json', '--out', out]);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stderr).toMatch(/exported 2 chats \(3 messages\) to /);
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toMatchObject({ format: 'enclave-chats', version: 1 });
    expect(fs.existsSync(`${out}.partial`)).toBe(false);

    expectUsageError(await cli(['chats', 'export', budgetId]), /missing --format/);
    expectUsageError(await cli(['chats', 'export', '--all', '--format', 'pdf']), /--format must be md or json/);
    expectUsageError(await cli(['chats', 'list', '--all']), /--all is for chats export, import or delete/);
    const unknown = await cli(['chats', 'export', 'nosuchchat', '--format', 'md']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/There is no chat with id nosuchchat/);
  });

  it('refuses to export when the machine policy says export.allowed is false, naming the policy; nothing is written', async () => {
    const policyFile = path.join(root, 'no-export-policy.json');
    fs.writeFileSync(policyFile, JSON.stringify({ name: 'Contoso IT', export: { allowed: false } }));
    const out = path.join(root, 'refused.json');
    const refused = await runCli(['chats', 'export', '--all', '--format', 'json', '--out', out], { dataDir, env: { ENCLAVE_POLICY_FILE: policyFile } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The machine policy (Contoso IT) does not allow exporting chats (export.allowed is false)');
    expect(refused.stderr).not.toMatch(stackFrame);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('imports an export elsewhere without duplicates, and refuses files that are not exports', async () => {
    const elsewhere = path.join(root, 'elsewhere');
    const file = path.join(root, 'all.json');
    const first = await cli(['chats', 'import', file], elsewhere);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe('Imported 2 new chats, 3 messages in all.\n');
    const again = await json<ChatImportReport>(['chats', 'import', file], elsewhere);
    expect(again).toMatchObject({ chatsImported: 0, chatsUnchanged: 2, messagesSkipped: 3 });
    expect((await json<ChatSummary[]>(['chats', 'list'], elsewhere)).map((chat) => chat.title).sort()).toEqual([
      'Budget review',
      'Private matter',
    ]);

    const foreign = path.join(root, 'foreign.json');
    fs.writeFileSync(foreign, JSON.stringify([{ title: 'Another app', mapping: {} }]));
    const refused = await cli(['chats', 'import', foreign], elsewhere);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^enclave: This file is not an Enclave chat export: it has no "format": "enclave-chats" marker/);

    const halfValid = path.join(root, 'half.json');
    const content = JSON.parse(fs.readFileSync(file, 'utf8')) as { chats: unknown[] };
    content.chats.push({ id: 'broken', title: 'Broken chat', createdAt: 0, updatedAt: 0, messages: 'none' });
    fs.writeFileSync(halfValid, JSON.stringify(content));
    const partly = await cli(['chats', 'import', halfValid], path.join(root, 'third'));
    expect(partly.code).toBe(1);
    expect(partly.stdout).toContain('Imported 2 new chats, 3 messages in all.\nNot imported: 1 chat:\n  chat 3 "Broken chat": messages: ');

    expect((await cli(['chats', 'import', path.join(root, 'missing.json')])).stderr).toMatch(/There is no file/);
  });

  it('deletes a chat with its text erased from the database file, and everything with --yes', async () => {
    expect(fs.readFileSync(databaseFile()).includes(marker) || fs.readFileSync(`${databaseFile()}-wal`).includes(marker)).toBe(true);
    const deleted = await cli(['chats', 'delete', secretId]);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toBe('Deleted the chat "Private matter" (1 message); the text is erased from the database file.\n');
    for (const suffix of ['', '-wal', '-shm']) {
      const file = `${databaseFile()}${suffix}`;
      if (fs.existsSync(file)) expect(fs.readFileSync(file).includes(marker), file).toBe(false);
    }

    expectUsageError(await cli(['chats', 'delete', '--all']), /add --yes to confirm/);
    const everything = await json<ChatEraseReport>(['chats', 'delete', '--all', '--yes']);
    expect(everything).toEqual({ chatsDeleted: 1, messagesDeleted: 2, fileErased: true });
    expect(await json<ChatSummary[]>(['chats', 'list'])).toEqual([]);
  });
});
