import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatDetail, ChatSummary, ModelCatalog } from '../../../electron/shared/domain.js';
import { ensureTestModel } from '../../../scripts/generate-test-models.js';
import { runCli, stderrLines } from './runCli.js';

const generation = ['--max-tokens', '24', '--temperature', '0', '--context-size', '512'];
const stackFrame = /^\s+at /m;
/** A reply starts a model process: seconds on a quiet machine, much longer on a busy 2-core one. */
const generationTimeoutMs = 120_000;

describe('the enclave CLI, run as a child process over a real database and model', () => {
  let root: string;
  let modelPath: string;
  /** A data directory with the generated tiny-chat model in its models folder. */
  let dataDir: string;

  function freshDir(name: string): string {
    const dir = path.join(root, name);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  }

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-cli-'));
    modelPath = await ensureTestModel('tiny-chat');
    dataDir = freshDir('data');
    fs.mkdirSync(path.join(dataDir, 'models'));
    fs.copyFileSync(modelPath, path.join(dataDir, 'models', path.basename(modelPath)));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  async function chatDetail(chatId: string): Promise<ChatDetail> {
    const shown = await runCli(['chats', 'show', chatId, '--json'], { dataDir });
    expect(shown.code, shown.stderr).toBe(0);
    return JSON.parse(shown.stdout) as ChatDetail;
  }

  /** The chat with the newest activity: a process killed mid-reply never printed its chat id. */
  async function newestChatId(): Promise<string> {
    const listed = await runCli(['chats', 'list', '--json'], { dataDir });
    const [newest] = JSON.parse(listed.stdout) as ChatSummary[];
    if (!newest) throw new Error('no chats');
    return newest.id;
  }

  function chatIdFrom(stderr: string): string {
    const match = /^chat (\S+)$/m.exec(stderr);
    if (!match?.[1]) throw new Error(`no "chat <id>" line in stderr: ${stderr}`);
    return match[1];
  }

  it('lists the catalog as JSON and as a table', async () => {
    const json = await runCli(['models', 'list', '--json'], { dataDir });
    expect(json.code, json.stderr).toBe(0);
    const catalog = JSON.parse(json.stdout) as ModelCatalog;
    expect(catalog.models).toHaveLength(1);
    expect(catalog.models[0]).toMatchObject({ architecture: 'llama', fileName: path.basename(modelPath), storage: 'copied' });
    expect(catalog.unreadable).toEqual([]);

    const table = await runCli(['models', 'list'], { dataDir });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+STATUS\s+STORAGE\s+ARCHITECTURE\s+PARAMS\s+QUANT\s+CONTEXT\s+SIZE\s+SHA-256\s+NAME$/m);
    expect(table.stdout).toContain(catalog.models[0]!.id);
  });

  it('adds a GGUF file to the data directory and prints its id', async () => {
    const otherDataDir = freshDir('add');
    const added = await runCli(['models', 'add', modelPath], { dataDir: otherDataDir });
    expect(added.code, added.stderr).toBe(0);
    const listed = JSON.parse((await runCli(['models', 'list', '--json'], { dataDir: otherDataDir })).stdout) as ModelCatalog;
    const model = listed.models[0];
    expect(model?.path).toBe(path.join(otherDataDir, 'models', path.basename(modelPath)));
    expect(added.stdout).toContain(model!.id);
  });

  it('refuses a file that is not GGUF with one line on stderr and exit code 1', async () => {
    const noise = path.join(freshDir('noise'), 'noise.gguf');
    fs.writeFileSync(noise, randomBytes(4096));
    const result = await runCli(['models', 'add', noise], { dataDir: freshDir('noise-data') });
    expect(result.code).toBe(1);
    expect(stderrLines(result)).toHaveLength(1);
    expect(result.stderr).toMatch(/^enclave: .*not a GGUF/);
    expect(result.stderr).not.toMatch(stackFrame);
  });

  it('streams a reply, stores the chat, and continues it with --chat', async () => {
    const first = await runCli(['chat', ...generation, 'Hello', 'there'], { dataDir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trim().length).toBeGreaterThan(0);
    const chatId = chatIdFrom(first.stderr);

    const listed = await runCli(['chats', 'list', '--json'], { dataDir });
    expect((JSON.parse(listed.stdout) as ChatSummary[]).map((chat) => chat.id)).toContain(chatId);
    const { chat, messages } = await chatDetail(chatId);
    expect(chat.title).toBe('Hello there');
    expect(messages.map((message) => [message.role, message.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ]);
    const reply = messages[1]!;
    expect(reply.content.trimEnd()).toBe(first.stdout.trimEnd());
    expect(reply.tokensIn).toBeGreaterThan(0);
    expect(reply.tokensOut).toBeGreaterThan(0);

    const second = await runCli(['chat', '--chat', chatId, ...generation, 'And', 'then?'], { dataDir });
    expect(second.code, second.stderr).toBe(0);
    expect(chatIdFrom(second.stderr)).toBe(chatId);
    const continued = await chatDetail(chatId);
    expect(continued.messages.map((message) => [message.role, message.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
      ['user', 'complete'],
      ['assistant', 'complete'],
    ]);
    expect(continued.messages[2]?.content).toBe('And then?');

    const transcript = await runCli(['chats', 'show', chatId], { dataDir });
    expect(transcript.stdout).toContain('user:\n  Hello there');
    expect(transcript.stdout).toMatch(/assistant \(Enclave Tiny Chat.*tokens in/);
  }, generationTimeoutMs);

  it('stops the reply on Ctrl-C, keeps the partial text as interrupted, and exits 130', async () => {
    let interrupted = false;
    const result = await runCli(['chat', ...generation, '--max-tokens', '2000', 'Tell', 'me', 'a', 'long', 'story'], {
      dataDir,
      onStdout: (_chunk, child) => {
        if (interrupted) return;
        interrupted = true;
        child.kill('SIGINT');
      },
    });
    expect(result.code, result.stderr).toBe(130);
    const { messages } = await chatDetail(chatIdFrom(result.stderr));
    const reply = messages.at(-1)!;
    expect(reply).toMatchObject({ role: 'assistant', status: 'interrupted' });
    expect(reply.content.length).toBeGreaterThan(0);
    expect(reply.content.trimEnd()).toBe(result.stdout.trimEnd());
    expect(reply.tokensOut).toBeLessThan(2000);
  }, generationTimeoutMs);

  /** A long reply killed with `signal` once 40 characters are printed: the run, and the reply as the next start finds it. */
  async function killedMidReply(signal: NodeJS.Signals) {
    let seen = 0;
    const result = await runCli(['chat', ...generation, '--max-tokens', '2000', 'Tell', 'me', 'a', 'long', 'story'], {
      dataDir,
      onStdout: (chunk, child) => {
        seen += chunk.length;
        if (seen > 40 && !child.killed) child.kill(signal);
      },
    });
    const { messages } = await chatDetail(await newestChatId());
    return { result, reply: messages.at(-1)! };
  }

  it('killed with SIGTERM mid-reply, saves everything it printed before it exits 143', async () => {
    const { result, reply } = await killedMidReply('SIGTERM');
    expect(result.code, result.stderr).toBe(143);
    expect(result.stdout.length).toBeGreaterThan(40);
    // The next start marks the reply interrupted; its text holds all that was printed.
    expect(reply).toMatchObject({ role: 'assistant', status: 'interrupted' });
    expect(reply.content.startsWith(result.stdout)).toBe(true);
  }, generationTimeoutMs);

  it('killed with SIGKILL mid-reply, keeps the reply it printed up to the last fraction of a second', async () => {
    const { result, reply } = await killedMidReply('SIGKILL');
    expect(result.code).not.toBe(0);
    expect(reply).toMatchObject({ role: 'assistant', status: 'interrupted' });
    // Saved at its first words and every 100 ms after: never nothing, always a beginning of what was printed.
    expect(reply.content.length).toBeGreaterThan(0);
    expect(result.stdout.startsWith(reply.content)).toBe(true);
  }, generationTimeoutMs);

  it('answers usage errors with exit code 2 and the usage', async () => {
    const unknown = await runCli(['frobnicate'], { dataDir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^enclave: unknown command "frobnicate"\n\nEnclave: /);

    const badNumber = await runCli(['chat', '--threads', 'abc', 'hello'], { dataDir });
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr).toMatch(/^enclave: --threads must be a whole number/);
    expect(badNumber.stderr).toContain('enclave chat [options] <prompt...>');

    const unknownOption = await runCli(['chats', 'list', '--colour'], { dataDir });
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toContain("Unknown option '--colour'");

    const help = await runCli(['--help'], { dataDir });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Commands:');
  });

  it('reports a corrupt database with its own message and exit code 1', async () => {
    const corruptDir = freshDir('corrupt');
    fs.writeFileSync(path.join(corruptDir, 'enclave.db'), randomBytes(8192));
    const result = await runCli(['chats', 'list'], { dataDir: corruptDir });
    expect(result.code).toBe(1);
    expect(stderrLines(result)).toHaveLength(1);
    expect(result.stderr).toMatch(/^enclave: .*damaged/);
    expect(result.stderr).not.toMatch(stackFrame);
  });

  it('refuses a database written by a newer Enclave', async () => {
    const newerDir = freshDir('newer');
    const db = new Database(path.join(newerDir, 'enclave.db'));
    db.pragma('user_version = 999');
    db.close();
    const result = await runCli(['chat', '--model', modelPath, 'hello'], { dataDir: newerDir });
    expect(result.code).toBe(1);
    expect(stderrLines(result)).toHaveLength(1);
    expect(result.stderr).toMatch(/^enclave: .*written by a newer version of Enclave/);
  });
});
