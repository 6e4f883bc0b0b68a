import { expect, it, vi } from 'vitest';
import { fakeElectron, FakeBrowserWindow } from './fakeElectron.js';

// Boundary mock: the Electron binary cannot run here (see fakeElectron.ts).
vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);

it('a second instance quits at once and never opens the database or a window', async () => {
  fakeElectron.app.requestSingleInstanceLock.mockReturnValue(false);
  await import('../../../electron/main/index.js');
  fakeElectron.app.becomeReady();
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(fakeElectron.app.quit).toHaveBeenCalledOnce();
  expect(fakeElectron.app.whenReady).not.toHaveBeenCalled();
  expect(FakeBrowserWindow.instances).toHaveLength(0);
});
