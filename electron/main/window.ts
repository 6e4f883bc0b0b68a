import { BrowserWindow, nativeTheme } from 'electron';
import { secureWebPreferences } from './security.js';

/**
 * The window's colour before the first paint, matching the renderer's page background in each theme
 * so opening the app never flashes white in dark mode.
 */
export const windowBackground = { light: '#f7f7f8', dark: '#17171a' } as const;

export interface MainWindowOptions {
  preload: string;
  /** The page: the built bundle's `app://enclave/index.html`, or the dev server during `npm run dev`. */
  url: string;
  /** Whether DevTools can open at all: only in development, never in an installed app. */
  devTools: boolean;
}

/** Creates the main window, hidden until its first paint is ready, and loads the renderer. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Enclave',
    backgroundColor: nativeTheme.shouldUseDarkColors ? windowBackground.dark : windowBackground.light,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(options.preload, { devTools: options.devTools }),
  });
  window.once('ready-to-show', () => window.show());
  // A page that fails to load never becomes ready-to-show; show the window anyway so the failure is
  // visible instead of an app that seems not to start.
  window.webContents.once('did-fail-load', (_event, code, description) => {
    console.error(`Enclave could not load its window (${code}: ${description}).`);
    if (!window.isDestroyed()) window.show();
  });
  window.loadURL(options.url).catch(() => {
    // Reported by did-fail-load above; the rejection itself carries nothing more.
  });
  return window;
}
