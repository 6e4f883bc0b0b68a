import { type Session, type WebContents, type WebPreferences } from 'electron';
import { restrictToOwner } from '../core/files/ownerOnly.js';
import { eventChannel } from '../shared/api.js';
import type { EnclaveEvent } from '../shared/domain.js';
import { isSafeExternalUrl } from '../shared/links.js';
import type { AppOrigin } from './appOrigin.js';

/** What differs between a development window and an installed app's. */
export interface WindowPrivileges {
  /** DevTools: in development only. An installed app has none, so a user cannot script the page. */
  devTools: boolean;
}

/**
 * Every window's web preferences: the renderer is an untrusted web page that reaches the app only
 * through the preload's `window.enclave`. Each value is spelled out, even where it is Electron's
 * default, so a future default change or a careless edit shows up in review and in the tests.
 */
export function secureWebPreferences(preload: string, privileges: WindowPrivileges): WebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: privileges.devTools,
    preload,
  };
}

/**
 * The production Content-Security-Policy, sent by the app:// handler with every bundle file
 * (appProtocol.ts) and also written as a meta tag in renderer/index.html. Nothing is fetched from
 * anywhere but the bundle; inline styles are allowed because the UI libraries set style attributes.
 */
export const contentSecurityPolicy = policyString(null);

/**
 * In development the dev server needs two exceptions: React Fast Refresh's inline preamble script and
 * Vite's hot-reload websocket. Never used for the built bundle.
 */
export function contentSecurityPolicyFor(devServerOrigin: string | null): string {
  return policyString(devServerOrigin);
}

function policyString(devServerOrigin: string | null): string {
  const devSocket = devServerOrigin?.replace(/^http:/, 'ws:');
  const directives: [string, string][] = [
    ['default-src', "'none'"],
    ['script-src', devServerOrigin ? "'self' 'unsafe-inline'" : "'self'"],
    ['style-src', "'self' 'unsafe-inline'"],
    ['img-src', "'self' data:"],
    ['font-src', "'self'"],
    ['connect-src', devSocket ? `'self' ${devSocket}` : "'self'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
    ['object-src', "'none'"],
  ];
  return directives.map(([name, value]) => `${name} ${value}`).join('; ');
}

/**
 * Chromium switches that open the app's pages to a debugger from outside (the DevTools protocol on a
 * port or a pipe). The fuses turn off Node's `--inspect`, not these; an installed app refuses to start
 * with one, so its windows have no DevTools by any door.
 */
export const debuggingSwitches = ['remote-debugging-port', 'remote-debugging-pipe'] as const;

/** The first debugging switch on the command line, or null. */
export function debuggingSwitchGiven(commandLine: { hasSwitch(name: string): boolean }): string | null {
  return debuggingSwitches.find((name) => commandLine.hasSwitch(name)) ?? null;
}

/**
 * Locks a session down: no permission (camera, notifications, devices...) is ever granted, no
 * request leaves for anything but the app's own bundle, every response carries our CSP, downloads
 * are refused (except the app's own exports, saved through a dialog), and the spellchecker never fetches dictionaries. Call before the first window loads.
 */
export function hardenSession(session: Session, origin: AppOrigin): void {
  const policy = contentSecurityPolicyFor(origin.devServerOrigin);
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);

  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = origin.isAllowedRequest(details.url);
    // Log the origin only: the rest of a URL could carry chat text.
    if (!allowed) console.warn(`Enclave blocked a request to ${describeOrigin(details.url)}.`);
    callback({ cancel: !allowed });
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withPolicy(details.responseHeaders, policy) });
  });
  session.on('will-download', (event, item, contents) => {
    // The app's own exports (usage CSV, chats, presets) are Blob URLs its page made: saved where the
    // user chooses in a native dialog. Anything else (a URL from the network) is refused.
    if (item.getURL().startsWith('blob:') && origin.isAppUrl(contents.getURL())) {
      item.setSaveDialogOptions({ title: 'Save', defaultPath: item.getFilename() });
      // Exports hold chats and usage: owner-only (0600) once saved, whatever the umask (POSIX).
      item.once('done', (_event, state) => {
        if (state !== 'completed') return;
        try {
          restrictToOwner(item.getSavePath());
        } catch (error) {
          console.warn('Enclave could not make a saved export owner-only:', error);
        }
      });
      return;
    }
    event.preventDefault();
  });

  // Chromium fetches Hunspell dictionaries from Google's CDN even when no window spellchecks. Turn
  // the spellchecker off and point the downloader at an unreachable loopback URL in case anything
  // still asks: nothing can leave the machine this way.
  session.setSpellCheckerEnabled(false);
  session.setSpellCheckerDictionaryDownloadURL('http://127.0.0.1:0/');
}

/**
 * Keeps a web contents on the app: navigation and redirects away from the bundle are stopped,
 * `<webview>` is refused, and new windows are denied. Nothing leaves for the browser from here: a
 * plain http(s) link the page tried to open (`window.open`, a navigation) goes back to our page as
 * `link.requested`, which shows the full URL and asks; only then `links.open` opens it (or, while the
 * policy is offline, copies it) after checking again (core/handlers/linkHandlers.ts).
 */
export function hardenWebContents(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  const askFirst = (url: string) => {
    if (!isSafeExternalUrl(url) || contents.isDestroyed() || !isAppUrl(contents.getURL())) return;
    const event: EnclaveEvent = { type: 'link.requested', url };
    contents.send(eventChannel, event);
  };
  const keepOnApp = (event: { url: string; preventDefault(): void }) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    askFirst(event.url);
  });
  contents.on('will-frame-navigate', keepOnApp);
  contents.on('will-redirect', keepOnApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    askFirst(url);
    return { action: 'deny' };
  });
}

function withPolicy(headers: Record<string, string[]> | undefined, policy: string): Record<string, string[]> {
  // Header names are case-insensitive: drop any policy the response brought, then set ours.
  const kept = Object.entries(headers ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy');
  return { ...Object.fromEntries(kept), 'Content-Security-Policy': [policy] };
}

function describeOrigin(url: string): string {
  try {
    const { protocol, host } = new URL(url);
    return host ? `${protocol}//${host}` : protocol;
  } catch {
    return 'an unparseable URL';
  }
}
