import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { EnclaveApi } from '../../../electron/shared/api.js';
import { dropGrantChannel, eventChannel, requestChannel } from '../../../electron/shared/api.js';
import { fakeElectron, fakeIpcRenderer } from './fakeElectron.js';

// Boundary mock: contextBridge and ipcRenderer exist only in a sandboxed Electron preload (see fakeElectron.ts).
vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);

let exposed: { key: string; api: EnclaveApi };

beforeAll(async () => {
  await import('../../../electron/preload/index.js');
  const calls = fakeElectron.contextBridge.exposeInMainWorld.mock.calls as unknown as [string, EnclaveApi][];
  expect(calls).toHaveLength(1);
  const [key, api] = calls[0]!;
  exposed = { key, api };
});

/** Every leaf of the exposed object, as "path: typeof". */
function shape(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [`${prefix}: ${typeof value}`];
  return Object.entries(value).flatMap(([key, child]) => shape(child, prefix ? `${prefix}.${key}` : key));
}

describe('the preload', () => {
  it('exposes exactly window.enclave with the enumerated functions, nothing generic', () => {
    expect(exposed.key).toBe('enclave');
    expect(shape(exposed.api).sort()).toEqual(
      [
        'apiServer.addToken',
        'apiServer.revokeToken',
        'apiServer.setEnabled',
        'apiServer.status',
        'app.status',
        'audit.checkpoint',
        'audit.exportToFile',
        'audit.exportTrail',
        'audit.forward',
        'audit.forwarding',
        'audit.saveCheckpoint',
        'audit.list',
        'audit.verify',
        'chats.attachFiles',
        'chats.attachWithDialog',
        'chats.continueReply',
        'chats.create',
        'chats.exportChats',
        'chats.get',
        'chats.importChats',
        'chats.list',
        'chats.preview',
        'chats.regenerate',
        'chats.remove',
        'chats.removeAll',
        'chats.rename',
        'chats.replyPrompt',
        'chats.search',
        'chats.send',
        'chats.setCollections',
        'chats.stop',
        'chats.switchBranch',
        'collections.create',
        'collections.list',
        'collections.remove',
        'collections.rename',
        'collections.setConfidential',
        'documents.cancelImport',
        'documents.importPaths',
        'documents.importWithDialog',
        'documents.indexStatus',
        'documents.reindex',
        'documents.list',
        'documents.openOriginal',
        'documents.original',
        'documents.passage',
        'documents.remove',
        'documents.search',
        'endpoints.add',
        'endpoints.list',
        'endpoints.models',
        'endpoints.remove',
        'models.accept',
        'models.addAdapter',
        'models.cancelImport',
        'models.estimate',
        'models.importPaths',
        'models.importWithDialog',
        'models.list',
        'models.load',
        'models.probe',
        'models.recommendations',
        'models.remove',
        'models.removeAdapter',
        'models.runtime',
        'models.unload',
        'models.updateAdapter',
        'models.updateSettings',
        'models.verify',
        'onEvent',
        'grantDroppedFile',
        'links.open',
        'policy.status',
        'presets.exportFile',
        'presets.importFile',
        'presets.list',
        'presets.remove',
        'presets.save',
        'presets.setForChat',
        'settings.get',
        'settings.ocrLanguages',
        'settings.update',
        'storage.backup',
        'storage.encrypt',
        'storage.recoveryKey',
        'storage.rekey',
        'storage.restore',
        'storage.setPassphrase',
        'storage.status',
        'storage.unlock',
        'system.hardware',
        'usage.csv',
        'usage.prices',
        'usage.report',
        'usage.requests',
        'usage.setPrice',
      ]
        .map((name) => `${name}: function`)
        .sort(),
    );
  });

  it('sends each call as one request on the request channel', async () => {
    fakeIpcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: { id: 'c1' } });
    await expect(exposed.api.chats.create({ title: 'Plan' })).resolves.toEqual({ ok: true, value: { id: 'c1' } });
    expect(fakeIpcRenderer.invoke).toHaveBeenLastCalledWith(requestChannel, 'chats.create', { title: 'Plan' });
    await exposed.api.chats.remove({ chatId: 'c1' });
    expect(fakeIpcRenderer.invoke).toHaveBeenLastCalledWith(requestChannel, 'chats.delete', { chatId: 'c1' });
    await exposed.api.models.importWithDialog();
    expect(fakeIpcRenderer.invoke).toHaveBeenLastCalledWith(requestChannel, 'models.import', {});
  });

  it('asks main for a grant to a dropped file and hands the page the grant, never the path', async () => {
    const grant = 'cd'.repeat(16);
    fakeIpcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: grant });
    const dropped = new File(['GGUF'], 'model.gguf');
    await expect(exposed.api.grantDroppedFile(dropped, 'models')).resolves.toEqual({ ok: true, value: grant });
    expect(fakeElectron.webUtils.getPathForFile).toHaveBeenCalledWith(dropped);
    expect(fakeIpcRenderer.invoke).toHaveBeenLastCalledWith(dropGrantChannel, '/dropped/model.gguf', 'models');

    // A File with no path on disk (made by a script, dragged from a browser) never reaches main.
    fakeElectron.webUtils.getPathForFile.mockReturnValueOnce('');
    const calls = fakeIpcRenderer.invoke.mock.calls.length;
    await expect(exposed.api.grantDroppedFile(new File(['x'], 'made-up.txt'), 'documents')).resolves.toMatchObject({
      ok: false,
      error: { code: 'file-not-granted' },
    });
    expect(fakeIpcRenderer.invoke.mock.calls.length).toBe(calls);
  });

  it('hands subscribers the event only, never the IpcRendererEvent, until they unsubscribe', () => {
    const listener = vi.fn();
    const unsubscribe = exposed.api.onEvent(listener);
    const [channel, forward] = fakeIpcRenderer.on.mock.calls.at(-1) as [string, (...args: unknown[]) => void];
    expect(channel).toBe(eventChannel);

    const ipcEvent = { sender: fakeIpcRenderer, senderId: 0, ports: [] };
    forward(ipcEvent, { type: 'chats.changed' });
    expect(listener.mock.calls).toEqual([[{ type: 'chats.changed' }]]);

    unsubscribe();
    expect(fakeIpcRenderer.removeListener).toHaveBeenCalledWith(eventChannel, forward);
  });
});
