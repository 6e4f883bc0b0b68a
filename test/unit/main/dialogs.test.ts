import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileGrantRegistry } from '../../../electron/core/files/fileGrants.js';
import { createFilePickers } from '../../../electron/main/dialogs.js';
import { createWindowFileGrants } from '../../../electron/main/fileGrants.js';
import { fakeElectron, FakeBrowserWindow } from './fakeElectron.js';

// Boundary mock: the Electron binary cannot run here (see fakeElectron.ts).
vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-dialogs-'));
const backup = path.join(scratch, 'monday.enclave-backup');
fs.writeFileSync(backup, 'an Enclave backup');
const destination = path.join(scratch, 'tuesday.enclave-backup');
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

// Each test gets a fresh grant registry and a focused window the dialogs attach to.
let registry: FileGrantRegistry;
let window: FakeBrowserWindow;
let pickers: ReturnType<typeof createFilePickers>;

beforeEach(() => {
  registry = new FileGrantRegistry();
  window = new FakeBrowserWindow({});
  vi.spyOn(FakeBrowserWindow, 'getFocusedWindow').mockReturnValue(window);
  pickers = createFilePickers(createWindowFileGrants(registry));
});

afterEach(() => {
  vi.restoreAllMocks();
  fakeElectron.dialog.showOpenDialog.mockClear();
  fakeElectron.dialog.showSaveDialog.mockClear();
});

/** The backup and restore dialogs: what they show, and the grants they hand core for what the user chose. */
describe('the backup dialogs', () => {

  it('"Back up" is a save dialog on the focused window, asking before it replaces a file, and grants the path for a backup only', async () => {
    vi.useFakeTimers({ now: new Date(2026, 2, 9, 23, 30), toFake: ['Date'] });
    fakeElectron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: destination });
    const grant = await pickers.pickBackupDestination();
    vi.useRealTimers();

    expect(fakeElectron.dialog.showSaveDialog).toHaveBeenCalledTimes(1);
    const [owner, options] = fakeElectron.dialog.showSaveDialog.mock.calls[0]! as [unknown, Record<string, unknown>];
    expect(owner).toBe(window);
    expect(options).toMatchObject({
      title: 'Back up Enclave',
      buttonLabel: 'Back up',
      // The local day, in the Documents folder (the fake app answers the temp folder for every path).
      defaultPath: path.join(os.tmpdir(), 'enclave-2026-03-09.enclave-backup'),
      filters: [{ name: 'Enclave backups', extensions: ['enclave-backup'] }],
    });
    expect(options.properties).toContain('showOverwriteConfirmation');

    // A file that does not exist yet is granted as a file, for writing a backup and nothing else.
    expect(grant).toMatch(/^[0-9a-f]{32}$/);
    expect(registry.resolve(grant!, 'backup')).toEqual({ path: destination, kind: 'file' });
    expect(() => registry.resolve(grant!, 'restore')).toThrow(/was not given that file/);
    // The grant belongs to the window: it goes when the window's page reloads.
    window.webContents.emit('did-navigate');
    expect(() => registry.resolve(grant!, 'backup')).toThrow(/reloaded since/);
  });

  it('starts "Back up" without a folder where the OS names no Documents folder', async () => {
    fakeElectron.app.getPath.mockImplementationOnce(() => {
      throw new Error("Failed to get 'documents' path");
    });
    await pickers.pickBackupDestination();
    const [, options] = fakeElectron.dialog.showSaveDialog.mock.calls[0]! as [unknown, Record<string, unknown>];
    expect(options.defaultPath).toMatch(/^enclave-\d{4}-\d{2}-\d{2}\.enclave-backup$/);
  });

  it('"Restore" is an open dialog for one backup file, granted for a restore only', async () => {
    fakeElectron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [backup] });
    const grant = await pickers.pickBackupFile();

    const [owner, options] = fakeElectron.dialog.showOpenDialog.mock.calls[0]! as [unknown, Record<string, unknown>];
    expect(owner).toBe(window);
    expect(options).toMatchObject({ title: 'Restore from a backup', properties: ['openFile'] });
    expect(options.filters).toEqual([{ name: 'Enclave backups', extensions: ['enclave-backup', 'db'] }]);
    expect(registry.resolve(grant!, 'restore')).toEqual({ path: backup, kind: 'file' });
    expect(() => registry.resolve(grant!, 'backup')).toThrow(/was not given that file/);
  });

  it('cancelled, either dialog grants nothing and says null', async () => {
    fakeElectron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    fakeElectron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    await expect(pickers.pickBackupDestination()).resolves.toBeNull();
    await expect(pickers.pickBackupFile()).resolves.toBeNull();
    // Some platforms report no path rather than "cancelled".
    fakeElectron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: undefined });
    await expect(pickers.pickBackupDestination()).resolves.toBeNull();
  });

  it('with no window focused, the dialogs still open (unattached) and the grant has no window to go with', async () => {
    vi.spyOn(FakeBrowserWindow, 'getFocusedWindow').mockReturnValue(null);
    fakeElectron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: destination });
    const grant = await pickers.pickBackupDestination();
    const [first] = fakeElectron.dialog.showSaveDialog.mock.calls[0]! as [Record<string, unknown>];
    expect(first).toMatchObject({ title: 'Back up Enclave' });
    expect(registry.resolve(grant!, 'backup').path).toBe(destination);
  });
});

/** The audit trail's save dialogs: an export (JSON Lines or syslog) or a checkpoint, granted for writing an export only. */
describe('the audit dialogs', () => {

  it.each([
    ['jsonl', 'Export the audit trail', 'enclave-audit-2026-03-09.jsonl', { name: 'JSON Lines', extensions: ['jsonl'] }],
    ['syslog', 'Export the audit trail', 'enclave-audit-2026-03-09.log', { name: 'Syslog (RFC 5424)', extensions: ['log'] }],
    ['checkpoint', 'Save an audit checkpoint', 'enclave-audit-checkpoint-2026-03-09.json', { name: 'Audit checkpoints', extensions: ['json'] }],
  ] as const)('"%s" is a save dialog on the focused window named for the day, asking before it replaces a file', async (kind, title, fileName, filter) => {
    const chosen = path.join(scratch, fileName);
    vi.useFakeTimers({ now: new Date(2026, 2, 9, 23, 30), toFake: ['Date'] });
    fakeElectron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: chosen });
    const grant = await pickers.pickAuditDestination(kind);
    vi.useRealTimers();

    const [owner, options] = fakeElectron.dialog.showSaveDialog.mock.calls[0]! as [unknown, Record<string, unknown>];
    expect(owner).toBe(window);
    expect(options).toMatchObject({ title, defaultPath: path.join(os.tmpdir(), fileName), filters: [filter] });
    expect(options.properties).toContain('showOverwriteConfirmation');
    // Granted for writing an export, and for nothing else: not a backup, nothing to read in.
    expect(registry.resolve(grant!, 'export')).toEqual({ path: chosen, kind: 'file' });
    for (const purpose of ['backup', 'restore', 'documents'] as const) expect(() => registry.resolve(grant!, purpose)).toThrow(/was not given that file/);
  });

  it('cancelled, grants nothing and says null', async () => {
    fakeElectron.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    await expect(pickers.pickAuditDestination('jsonl')).resolves.toBeNull();
  });
});
