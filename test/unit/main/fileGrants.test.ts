import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FileGrantRegistry } from '../../../electron/core/files/fileGrants.js';
import { createFilePickers } from '../../../electron/main/dialogs.js';
import { createWindowFileGrants, registerDropGrants } from '../../../electron/main/fileGrants.js';
import { dropGrantChannel } from '../../../electron/shared/api.js';
import type { Result } from '../../../electron/shared/errors.js';
import { fakeElectron, FakeBrowserWindow, FakeWebContents } from './fakeElectron.js';

// Boundary mock: the Electron binary cannot run here (see fakeElectron.ts).
vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);

type DropHandler = (event: IpcMainInvokeEvent, filePath: unknown, purpose: unknown) => Promise<Result<string>>;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-grants-'));
const dropped = path.join(scratch, 'report.txt');
fs.writeFileSync(dropped, 'Quarterly report');
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('file grants in the shell', () => {
  let registry: FileGrantRegistry;
  let contents: FakeWebContents;
  let trusted: boolean;
  let drop: (filePath: unknown, purpose: unknown) => Promise<Result<string>>;

  beforeEach(() => {
    registry = new FileGrantRegistry();
    contents = new FakeWebContents();
    trusted = true;
    const handlers = new Map<string, DropHandler>();
    const ipcMain = { handle: (channel: string, handler: DropHandler) => handlers.set(channel, handler), removeHandler: vi.fn() };
    registerDropGrants(ipcMain, createWindowFileGrants(registry), () => trusted);
    const handler = handlers.get(dropGrantChannel)!;
    drop = (filePath, purpose) => handler({ sender: contents } as unknown as IpcMainInvokeEvent, filePath, purpose);
  });

  it('grants a dropped file to the window for one purpose: an opaque id, never the path back', async () => {
    const result = await drop(dropped, 'documents');
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatch(/^[0-9a-f]{32}$/);
    expect(result.value).not.toContain('report');
    expect(registry.resolve(result.value, 'documents')).toEqual({ path: dropped, kind: 'file' });
    expect(() => registry.resolve(result.value, 'models')).toThrow(/was not given that file/);
  });

  it('refuses an untrusted frame, a relative path, a NUL, an unknown purpose, a write purpose and the whole disk', async () => {
    trusted = false;
    const untrusted = await drop(dropped, 'documents');
    expect(untrusted).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(untrusted.ok ? '' : untrusted.error.message).toMatch(/untrusted frame/);
    trusted = true;
    for (const [filePath, purpose] of [
      ['report.txt', 'documents'],
      [`${dropped}\0.gguf`, 'documents'],
      [dropped, 'everything'],
      // A page must not turn a file dropped to import into one a backup overwrites, or one restored over all data.
      [dropped, 'backup'],
      [dropped, 'restore'],
      [42, 'documents'],
    ] as const) {
      expect(await drop(filePath, purpose)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    }
    expect(await drop(path.parse(scratch).root, 'documents')).toMatchObject({ ok: false, error: { code: 'folder-too-broad' } });
    expect(await drop(os.homedir(), 'documents')).toMatchObject({ ok: false, error: { code: 'folder-too-broad' } });
  });

  it('revokes a window’s grants when its page navigates (a reload) or the window closes', async () => {
    const first = await drop(dropped, 'documents');
    if (!first.ok) throw new Error(first.error.message);
    contents.emit('did-navigate');
    expect(() => registry.resolve(first.value, 'documents')).toThrow(/reloaded since/);

    const second = await drop(dropped, 'documents');
    if (!second.ok) throw new Error(second.error.message);
    const other = new FakeWebContents();
    const otherGrant = await createWindowFileGrants(registry).grant(other as never, [dropped], 'documents');
    contents.emit('destroyed');
    expect(() => registry.resolve(second.value, 'documents')).toThrow(/was not given that file/);
    expect(registry.resolve(otherGrant[0]!, 'documents').path).toBe(dropped);
  });

  it('the native dialogs hand core grants for what the user picked, for that dialog’s purpose only', async () => {
    const window = new FakeBrowserWindow({});
    vi.spyOn(FakeBrowserWindow, 'getFocusedWindow').mockReturnValue(window);
    fakeElectron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [dropped] });
    const pickers = createFilePickers(createWindowFileGrants(registry));
    const grants = await pickers.pickDocumentFiles('files');
    expect(grants).toHaveLength(1);
    expect(grants![0]).toMatch(/^[0-9a-f]{32}$/);
    expect(registry.resolve(grants![0]!, 'documents').path).toBe(dropped);
    expect(() => registry.resolve(grants![0]!, 'adapter')).toThrow(/was not given that file/);
    // Cancelled: nothing granted.
    await expect(pickers.pickAdapterFile()).resolves.toBeNull();
    window.webContents.emit('destroyed');
    expect(() => registry.resolve(grants![0]!, 'documents')).toThrow(/was not given that file/);
  });
});
