import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChat } from '../../../electron/core/chat/store/chats.js';
import { insertMessage } from '../../../electron/core/chat/store/messages.js';
import { connect, databaseFileState } from '../../../electron/core/db/databaseCipher.js';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { dataPaths } from '../../../electron/core/paths.js';
import { defaultStoragePolicy } from '../../../electron/core/storage/keySources.js';
import { unlockStorage } from '../../../electron/core/storage/unlockStorage.js';
import { testKeychain } from '../../support/testKeychain.js';

const rounds = 100;
const messageCount = 3000;
const keychainKey = crypto.randomBytes(32);
/** The steps rewriteDatabase reports, in order: a kill right after each must lose nothing. */
const steps = ['locked', 'copied', 'rekeyed', 'checked', 'key-written', 'swapped'];

interface RoundOutcome {
  operation: 'encrypt' | 'rekey';
  /** The last step the child reported before it died (or "done"). */
  lastStep: string;
  killed: boolean;
  /** From the child's "start" to its end. */
  workMs: number;
}

/**
 * Kill -9 at any moment of an encryption or a key change: afterwards the database always opens (with
 * the old key or the new, whichever the key file and the file on disk agree on), passes SQLite's
 * integrity check, and holds every message. The child is bundled once so each round starts in a
 * fraction of a second; each kill lands at a random moment within the time a whole run takes.
 */
describe('killed during encrypt and rekey', () => {
  let root: string;
  let dataDir: string;
  let childScript: string;
  let pristine: string;
  const outcomes: RoundOutcome[] = [];

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-kill-'));
    dataDir = path.join(root, 'data');
    // Inside the repository, so the native modules it leaves out resolve from node_modules.
    childScript = fileURLToPath(new URL(`../../../.cache/test-storage/child-${String(process.pid)}.mjs`, import.meta.url));
    await build({
      entryPoints: [fileURLToPath(new URL('./keyChangeChild.ts', import.meta.url))],
      outfile: childScript,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['better-sqlite3-multiple-ciphers', 'sqlite-vec'],
      logLevel: 'silent',
    });
    // A plain database of a few megabytes: enough pages that every step of a run takes a while.
    pristine = path.join(root, 'pristine.db');
    const db = openDatabase(pristine, { key: null });
    db.transaction(() => {
      const chat = createChat(db, 'Crash test');
      for (let index = 0; index < messageCount; index++) {
        insertMessage(db, { chatId: chat.id, role: 'user', content: `message ${index} ${'lorem ipsum '.repeat(100)}`, status: 'complete', parentId: null });
      }
    })();
    db.pragma('journal_mode = DELETE');
    db.close();
  }, 120_000);

  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(childScript, { force: true });
  });

  /** Runs one child; kills it `kill.afterMs` after it started, or as soon as it reports `kill.atStep` (where it then holds still). */
  function runChild(operation: 'encrypt' | 'rekey', kill: { afterMs: number } | { atStep: string } | null): Promise<RoundOutcome> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [childScript], {
        env: {
          ...process.env,
          ENCLAVE_DATA_DIR: dataDir,
          ENCLAVE_KEY_CHANGE: operation,
          ENCLAVE_TEST_KEYCHAIN_KEY: keychainKey.toString('hex'),
          ENCLAVE_PAUSE_AT: kill && 'atStep' in kill ? kill.atStep : '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let lastStep = '';
      let stderr = '';
      let timer: NodeJS.Timeout | undefined;
      let startedAt = performance.now();
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        const steps = chunk.split('\n').filter(Boolean);
        lastStep = steps.at(-1) ?? lastStep;
        if (kill && 'atStep' in kill && steps.includes(kill.atStep)) child.kill('SIGKILL');
        if (!steps.includes('start')) return;
        startedAt = performance.now();
        if (kill && 'afterMs' in kill) timer = setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`child failed (${String(code)}): ${stderr}`));
        else resolve({ operation, lastStep, killed: signal === 'SIGKILL', workMs: performance.now() - startedAt });
      });
    });
  }

  /** The database opens as Enclave would open it, whole, with every message. */
  async function assertWhole(): Promise<void> {
    const { key } = await unlockStorage({ paths: dataPaths(dataDir), sources: { keychain: testKeychain({ key: keychainKey }) }, policy: defaultStoragePolicy });
    const db = connect(path.join(dataDir, 'enclave.db'), { key, fileMustExist: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT count(*) FROM messages').pluck().get()).toBe(messageCount);
    } finally {
      db.close();
    }
    expect(fs.existsSync(path.join(dataDir, 'enclave.db.rewrite'))).toBe(false);
  }

  function resetToPlain(): void {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true });
    fs.copyFileSync(pristine, path.join(dataDir, 'enclave.db'));
  }

  it(`loses no database in ${String(rounds)} kills`, async () => {
    // How long an uninterrupted run of each takes, to aim the kills within it.
    resetToPlain();
    const encryptMs = (await runChild('encrypt', null)).workMs;
    const rekeyMs = (await runChild('rekey', null)).workMs;
    await assertWhole();

    for (let round = 0; round < rounds; round++) {
      const operation = round < rounds / 2 ? 'encrypt' : 'rekey';
      if (operation === 'encrypt') resetToPlain();
      // The key changes start from an encrypted database (the last encryption may have been killed early).
      else if (databaseFileState(path.join(dataDir, 'enclave.db')) === 'plain') await runChild('encrypt', null);
      const span = operation === 'encrypt' ? encryptMs : rekeyMs;
      // Every fifth kill lands right after a given step (the short windows around the key file write and
      // the rename are rarely hit by chance); the others at a random moment.
      const aimed = round % 5 === 0 ? steps[(round / 5) % steps.length] : undefined;
      outcomes.push(await runChild(operation, aimed ? { atStep: aimed } : { afterMs: Math.random() * span }));
      await assertWhole();
      if (operation === 'encrypt') expect(['plain', 'encrypted']).toContain(databaseFileState(path.join(dataDir, 'enclave.db')));
    }
    console.log(`kill -9 rounds: ${summarize(outcomes)}`);
    const killedAt = new Set(outcomes.filter((outcome) => outcome.killed).map((outcome) => `${outcome.operation}:${outcome.lastStep}`));
    // The kills landed all along the way, not only before or after the work.
    expect(outcomes.filter((outcome) => outcome.killed).length).toBeGreaterThan(rounds * 0.6);
    for (const step of steps) {
      expect(killedAt).toContain(`encrypt:${step}`);
      expect(killedAt).toContain(`rekey:${step}`);
    }
  }, 600_000);
});

/** "encrypt:copied x4, ..." : where the kills landed (the last step each child reported). */
function summarize(outcomes: readonly RoundOutcome[]): string {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) {
    const where = `${outcome.operation}:${outcome.killed ? outcome.lastStep : 'finished'}`;
    counts.set(where, (counts.get(where) ?? 0) + 1);
  }
  return [...counts].map(([where, count]) => `${where} x${String(count)}`).join(', ');
}
