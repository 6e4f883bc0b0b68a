import { Menu, type MenuItemConstructorOptions } from 'electron';

/**
 * Electron's default menu ends in a Help menu of links to electronjs.org; ours keeps only the
 * standard roles (editing shortcuts, reload, zoom, full screen, window management).
 */
export function installApplicationMenu(platform: NodeJS.Platform = process.platform): void {
  const template: MenuItemConstructorOptions[] = [
    ...(platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
