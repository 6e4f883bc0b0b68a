import { describe, expect, it, vi } from 'vitest';
import { fakeElectron, FakeBrowserWindow } from './fakeElectron.js';

// Boundary mock: the Electron binary cannot run here (see fakeElectron.ts).
vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);

const { app } = fakeElectron;

describe('an installed app started with a DevTools protocol switch', () => {
  it('refuses to start: no lock, no window, exit 1', async () => {
    app.isPackaged = true;
    // Electron sets this in a packaged app; plain Node has none.
    Object.assign(process, { resourcesPath: '/opt/Enclave/resources' });
    app.commandLine.hasSwitch.mockImplementation((name: string) => name === 'remote-debugging-port');
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await import('../../../electron/main/index.js');
    const written = stderr.mock.calls.map(([chunk]) => String(chunk));
    stderr.mockRestore();
    expect(app.exit).toHaveBeenCalledWith(1);
    expect(written).toEqual(['Enclave: --remote-debugging-port is not allowed in an installed app.\n']);
    expect(app.requestSingleInstanceLock).not.toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });
});
