import { Menu, type MenuItemConstructorOptions } from 'electron';

/** Where the menu is built for. */
export interface MenuOptions {
  /** An installed app: no DevTools item (its windows have DevTools off as well). */
  isPackaged: boolean;
  platform?: NodeJS.Platform;
}

/**
 * Electron's default menu ends in a Help menu of links to electronjs.org; ours keeps only the
 * standard roles (editing shortcuts, reload, zoom, full screen, window management). The View menu
 * is spelled out because its role would add "Toggle Developer Tools" to an installed app.
 */
export function installApplicationMenu(options: MenuOptions): void {
  const platform = options.platform ?? process.platform;
  const template: MenuItemConstructorOptions[] = [
    ...(platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { label: 'View', submenu: viewMenu(options.isPackaged) },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** The items of Electron's own View menu role, with DevTools only in development. */
function viewMenu(isPackaged: boolean): MenuItemConstructorOptions[] {
  return [
    { role: 'reload' },
    { role: 'forceReload' },
    ...(isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
}
