import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../electron/core/db/databaseCipher.js';
import { openDatabase } from '../../../electron/core/db/openDatabase.js';
import { parseRecoveryKey } from '../../../electron/core/storage/keyWrapping.js';
import type { ChatSummary } from '../../../electron/shared/domain.js';
import type { BackupResult } from '../../../electron/shared/storage.js';
import { runCli } from './runCli.js';
import { contentFingerprint, expectRefusal, writeChatExport, writeRandomKey } from './storageFixtures.js';

const title = 'Kestrel budget review';

/**
 * `enclave backup` and `enclave restore` over an encrypted data folder (the suite's passphrase), as child
 * processes, the tests in order. "The app" holding the database open is the connection the app makes
 * (openDatabase), opened here with the recovery key.
 */
describe('enclave backup and restore', () => {
  let root: string;
  let dataDir: string;
  let databaseKey: Buffer;
  const cli = (args: string[]) => runCli(args, { dataDir });
  const chatTitles = async () => {
    const result = await cli(['chats', 'list', '--json']);
    expect(result.code, result.stderr).toBe(0);
    return (JSON.parse(result.stdout) as ChatSummary[]).map((chat) => chat.title);
  };

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-cli-backup-'));
    dataDir = path.join(root, 'data');
    const exportFile = path.join(root, 'chats.json');
    writeChatExport(exportFile, { id: 'chat1', title, content: 'Figures for the quokkaplan.' });
    expect((await cli(['chats', 'import', exportFile])).code).toBe(0);
    const shown = await cli(['storage', 'recovery-key']);
    expect(shown.code, shown.stderr).toBe(0);
    databaseKey = parseRecoveryKey(shown.stdout.trim());
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('backs up while the app has the database open, encrypted; restore waits for the app to close it', async () => {
    const app = openDatabase(path.join(dataDir, 'enclave.db'), { key: databaseKey });
    try {
      expect(app.prepare('SELECT count(*) AS chats FROM chats').get()).toEqual({ chats: 1 });
      const backedUp = await cli(['backup', path.join(root, 'backup.db')]);
      expect(backedUp.code, backedUp.stderr).toBe(0);
      expect(backedUp.stdout).toMatch(new RegExp(`^Backup {5}${path.join(root, 'backup.db')}$`, 'm'));
      expect(backedUp.stdout).toMatch(/^Size {7}\d+(\.\d)? kB$/m);
      expect(backedUp.stdout).toMatch(/^Encrypted {2}yes, with the database's key/m);
      expect(fs.readFileSync(path.join(root, 'backup.db')).includes(Buffer.from(title))).toBe(false);

      const before = contentFingerprint(app, dataDir);
      expectRefusal(await cli(['restore', path.join(root, 'backup.db')]), /is open in another Enclave \(the app or a CLI command\)\. Nothing was changed/);
      expect(contentFingerprint(app, dataDir)).toEqual(before);
    } finally {
      app.close();
    }
  });

  it('brings back a chat deleted after the backup', async () => {
    expect((await cli(['chats', 'delete', 'chat1'])).code).toBe(0);
    expect(await chatTitles()).toEqual([]);
    const restored = await cli(['restore', path.join(root, 'backup.db')]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^Restored .*backup\.db: .*enclave\.db now holds the backup's chats/);
    expect(await chatTitles()).toEqual([title]);
  });

  it('backs up with the key in --key-file; restoring needs that key: another key or a foreign file is backup-invalid', async () => {
    const keyFile = path.join(root, 'backup-key.txt');
    writeRandomKey(keyFile);
    const backupFile = path.join(root, 'keyed-backup.db');
    const backedUp = await runCli(['backup', backupFile, '--key-file', keyFile, '--json'], { dataDir });
    expect(backedUp.code, backedUp.stderr).toBe(0);
    expect(JSON.parse(backedUp.stdout)).toMatchObject({ path: backupFile, encrypted: true } satisfies Partial<BackupResult>);
    expect(fs.statSync(backupFile).mode & 0o077).toBe(0);

    const contents = () => {
      const db = openDatabase(path.join(dataDir, 'enclave.db'), { key: databaseKey });
      try {
        return contentFingerprint(db, dataDir);
      } finally {
        db.close();
      }
    };
    const before = contents();
    expectRefusal(await cli(['restore', backupFile]), /does not open with this database's key: it is a backup made with another key, or not an Enclave backup at all\. Nothing was changed\. For a backup made with another key, give that key \(--key-file/);
    const otherKey = path.join(root, 'other-key.txt');
    writeRandomKey(otherKey);
    expectRefusal(await cli(['restore', backupFile, '--key-file', otherKey]), /keyed-backup\.db does not open with the key given: .*Nothing was changed/);

    const notes = path.join(root, 'notes.txt');
    fs.writeFileSync(notes, 'Not a database at all.\n'.repeat(100));
    expectRefusal(await cli(['restore', notes]), /notes\.txt does not open with this database's key: .*not an Enclave backup/);
    const foreign = path.join(root, 'foreign.sqlite');
    const other = connect(foreign, { key: null });
    other.exec('CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES (1);');
    other.close();
    expectRefusal(await cli(['restore', foreign]), /The backup .*foreign\.sqlite cannot be used: it is not an Enclave database\. Nothing was changed/);
    expect(contents()).toEqual(before);

    const restored = await cli(['restore', backupFile, '--key-file', keyFile]);
    expect(restored.code, restored.stderr).toBe(0);
  });
});
