import { describe, expect, it, vi } from 'vitest';
import { installApplicationMenu } from '../../../electron/main/menu.js';
import { fakeElectron } from './fakeElectron.js';

// Boundary mock: Menu needs the Electron binary (see fakeElectron.ts).
vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);

interface Item {
  role?: string;
  label?: string;
  submenu?: Item[];
}

function menuFor(isPackaged: boolean, platform: NodeJS.Platform = 'linux'): Item[] {
  installApplicationMenu({ isPackaged, platform });
  return fakeElectron.Menu.buildFromTemplate.mock.calls.at(-1)?.[0] as Item[];
}

/** Every role anywhere in the menu, submenus included. */
function roles(items: Item[]): string[] {
  return items.flatMap((item) => [...(item.role ? [item.role] : []), ...roles(item.submenu ?? [])]);
}

describe('the application menu', () => {
  it('has no DevTools item in an installed app, and no Help links', () => {
    const installed = roles(menuFor(true));
    expect(installed).not.toContain('toggleDevTools');
    // The View menu role would bring DevTools back with it.
    expect(installed).not.toContain('viewMenu');
    expect(installed).not.toContain('help');
    expect(installed).toEqual(expect.arrayContaining(['reload', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']));
  });

  it('keeps DevTools in development', () => {
    expect(roles(menuFor(false))).toContain('toggleDevTools');
  });

  it('adds the app menu on macOS only', () => {
    expect(menuFor(true, 'darwin')[0]?.role).toBe('appMenu');
    expect(menuFor(true, 'win32')[0]?.role).toBe('fileMenu');
  });
});
