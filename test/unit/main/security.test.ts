import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Session, WebContents } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { appPageUrl, createAppOrigin } from '../../../electron/main/appOrigin.js';
import { eventChannel } from '../../../electron/shared/api.js';
import {
  contentSecurityPolicy,
  contentSecurityPolicyFor,
  debuggingSwitchGiven,
  hardenSession,
  hardenWebContents,
  secureWebPreferences,
} from '../../../electron/main/security.js';
import { cancellableEvent, fakeElectron, FakeSession, FakeWebContents } from './fakeElectron.js';

// Boundary mock: the Electron binary cannot run here (see fakeElectron.ts).
vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);

const appPage = appPageUrl;
const production = createAppOrigin({ devServerUrl: null });
const development = createAppOrigin({ devServerUrl: 'http://localhost:5173/' });

function hardened(origin = production): FakeSession {
  const session = new FakeSession();
  hardenSession(session as unknown as Session, origin);
  return session;
}

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the renderer and turns off every Node and legacy door', () => {
    expect(secureWebPreferences('/app/out/preload/index.cjs', { devTools: false })).toEqual({
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
      devTools: false,
      preload: '/app/out/preload/index.cjs',
    });
  });
});

describe('debuggingSwitchGiven', () => {
  it('finds the switches that would open the DevTools protocol to another process', () => {
    const commandLine = (...given: string[]) => ({ hasSwitch: (name: string) => given.includes(name) });
    expect(debuggingSwitchGiven(commandLine('remote-debugging-port'))).toBe('remote-debugging-port');
    expect(debuggingSwitchGiven(commandLine('remote-debugging-pipe'))).toBe('remote-debugging-pipe');
    expect(debuggingSwitchGiven(commandLine('cli', 'disable-gpu'))).toBeNull();
  });
});

describe('the Content-Security-Policy', () => {
  it('allows nothing but the bundle in production', () => {
    expect(contentSecurityPolicy).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
    );
    expect(contentSecurityPolicyFor(null)).toBe(contentSecurityPolicy);
  });

  it('relaxes only inline scripts and the hot-reload socket, and only for the dev server', () => {
    const policy = contentSecurityPolicyFor('http://localhost:5173');
    expect(policy).toContain("script-src 'self' 'unsafe-inline';");
    expect(policy).toContain("connect-src 'self' ws://localhost:5173;");
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toMatch(/https?:\/\/|\*/);
  });

  it('is set on every response, replacing any policy the response carried', () => {
    const session = hardened();
    for (const url of [appPage, 'https://example.com/']) {
      let headers: Record<string, string[]> | undefined;
      session.headersReceived?.(
        { url, responseHeaders: { 'content-security-policy': ["default-src *"], 'X-Other': ['kept'] } },
        (response) => {
          headers = response.responseHeaders;
        },
      );
      expect(headers).toEqual({ 'X-Other': ['kept'], 'Content-Security-Policy': [contentSecurityPolicy] });
    }
  });
});

describe('hardenSession', () => {
  it('denies every permission request, permission check and device', () => {
    const session = hardened();
    const callback = vi.fn();
    session.permissionRequestHandler?.(...([{}, 'media', callback] as never[]));
    expect(callback).toHaveBeenCalledWith(false);
    for (const permission of ['notifications', 'geolocation', 'clipboard-read', 'hid', 'serial', 'usb']) {
      expect(session.permissionCheckHandler?.(...([null, permission] as never[]))).toBe(false);
    }
    expect(session.devicePermissionHandler?.(...([{ deviceType: 'usb' }] as never[]))).toBe(false);
  });

  it.each(['https://example.com/', 'http://127.0.0.1:1234/api', 'ws://127.0.0.1:8080/socket', 'wss://example.com/', 'ftp://example.com/', 'file:///etc/passwd', 'http://localhost:5173/', 'file:///opt/enclave/out/renderer/index.html', 'app://elsewhere/index.html'])(
    'cancels a request to %s',
    (url) => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      expect(hardened().isBlocked(url)).toBe(true);
    },
  );

  it('lets the bundle, DevTools and inline data through', () => {
    const session = hardened();
    expect(session.isBlocked(appPage)).toBe(false);
    expect(session.isBlocked('app://enclave/assets/index-abc.js')).toBe(false);
    expect(session.isBlocked('devtools://devtools/bundled/devtools_app.html')).toBe(false);
    expect(session.isBlocked('data:image/png;base64,iVBORw0KGgo=')).toBe(false);
  });

  it('in development lets the dev server and its hot-reload socket through, and nothing else', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const session = hardened(development);
    expect(session.isBlocked('http://localhost:5173/src/main.tsx')).toBe(false);
    expect(session.isBlocked('ws://localhost:5173/?token=x')).toBe(false);
    expect(session.isBlocked('http://localhost:5174/')).toBe(true);
    expect(session.isBlocked('ws://localhost:9000/')).toBe(true);
    expect(session.isBlocked(appPage)).toBe(true);
  });

  it('cancels downloads, except the app page saving its own exports (Blob URLs) through a dialog', () => {
    const session = hardened();
    const download = (url: string, pageUrl: string) => {
      const event = cancellableEvent();
      const item = { getURL: () => url, getFilename: () => 'usage.csv', setSaveDialogOptions: vi.fn(), once: vi.fn() };
      session.emit('will-download', event, item, { getURL: () => pageUrl });
      return { prevented: event.defaultPrevented, dialog: item.setSaveDialogOptions.mock.calls.length > 0 };
    };
    expect(download('https://example.com/file.exe', appPage)).toEqual({ prevented: true, dialog: false });
    expect(download('blob:app://enclave/0b4a-export', 'https://example.com/')).toEqual({ prevented: true, dialog: false });
    expect(download('blob:app://enclave/0b4a-export', appPage)).toEqual({ prevented: false, dialog: true });
  });

  it.runIf(process.platform !== 'win32')('makes a saved export owner-only (0600) once the download completes', () => {
    const session = hardened();
    const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-export-')), 'chats.json');
    fs.writeFileSync(saved, '{}', { mode: 0o644 });
    fs.chmodSync(saved, 0o644);
    let done: ((event: unknown, state: string) => void) | undefined;
    const item = {
      getURL: () => 'blob:app://enclave/0b4a-export',
      getFilename: () => 'chats.json',
      getSavePath: () => saved,
      setSaveDialogOptions: vi.fn(),
      once: vi.fn((_name: string, listener: (event: unknown, state: string) => void) => (done = listener)),
    };
    session.emit('will-download', cancellableEvent(), item, { getURL: () => appPage });
    expect(item.once).toHaveBeenCalledWith('done', expect.any(Function));
    done?.({}, 'completed');
    expect(fs.statSync(saved).mode & 0o777).toBe(0o600);
    fs.rmSync(path.dirname(saved), { recursive: true, force: true });
  });

  it('disables the spellchecker and points its dictionary downloads at an unreachable loopback URL', () => {
    const session = hardened();
    expect(session.setSpellCheckerEnabled).toHaveBeenCalledWith(false);
    const [url] = session.setSpellCheckerDictionaryDownloadURL.mock.calls[0] as [string];
    expect(new URL(url).hostname).toBe('127.0.0.1');
  });
});

describe('hardenWebContents', () => {
  let contents: FakeWebContents;
  beforeEach(() => {
    contents = new FakeWebContents();
    contents.url = appPage;
    hardenWebContents(contents as unknown as WebContents, production.isAppUrl);
    fakeElectron.shell.openExternal.mockClear();
  });

  const linkRequests = () => contents.sent.filter(([channel]) => channel === eventChannel).map(([, event]) => event);

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('stops %s to another origin and allows the app', (name) => {
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'http://127.0.0.1:8080/']) {
      const away = cancellableEvent(url);
      contents.emit(name, away);
      expect(away.defaultPrevented).toBe(true);
    }
    const home = cancellableEvent(appPage);
    contents.emit(name, home);
    expect(home.defaultPrevented).toBe(false);
  });

  it('refuses <webview>', () => {
    const event = cancellableEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it('denies every new window and hands only safe http(s) links back to the page to confirm, never to the browser', () => {
    const open = (url: string) => contents.windowOpenHandler?.({ url });
    expect(open('https://example.com/docs?q=1')).toEqual({ action: 'deny' });
    expect(open('http://example.org/')).toEqual({ action: 'deny' });
    for (const unsafe of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'https://user:secret@example.com/',
      'https://user@example.com/',
      'data:text/html,<script>alert(1)</script>',
      'smb://server/share',
      'not a url',
      appPage,
    ]) {
      expect(open(unsafe)).toEqual({ action: 'deny' });
    }
    expect(fakeElectron.shell.openExternal).not.toHaveBeenCalled();
    expect(linkRequests()).toEqual([
      { type: 'link.requested', url: 'https://example.com/docs?q=1' },
      { type: 'link.requested', url: 'http://example.org/' },
    ]);
  });

  it('turns a navigation away to an http(s) page into a confirmation in the page, and nothing else', () => {
    for (const url of ['https://example.com/away', 'file:///etc/passwd', 'javascript:alert(1)']) {
      const event = cancellableEvent(url);
      contents.emit('will-navigate', event);
      expect(event.defaultPrevented).toBe(true);
    }
    // Frame navigations and redirects are stopped without asking: only the window's own navigation asks.
    contents.emit('will-frame-navigate', cancellableEvent('https://example.com/frame'));
    contents.emit('will-redirect', cancellableEvent('https://example.com/redirect'));
    expect(linkRequests()).toEqual([{ type: 'link.requested', url: 'https://example.com/away' }]);
    expect(fakeElectron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('asks nothing of a web contents that does not show our page', () => {
    contents.url = 'https://example.com/somewhere';
    contents.windowOpenHandler?.({ url: 'https://example.com/next' });
    contents.emit('will-navigate', cancellableEvent('https://example.com/next'));
    expect(linkRequests()).toEqual([]);
  });
});

describe('the CSP meta tag in renderer/index.html', () => {
  it('is the header policy less frame-ancestors (which a meta tag cannot carry)', async () => {
    const fs = await import('node:fs');
    const html = fs.readFileSync(path.resolve(import.meta.dirname, '../../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const directives = (policy: string) =>
      policy.split(';').map((directive) => directive.trim().replace(/\s+/g, ' ')).filter(Boolean).sort();
    const expected = directives(contentSecurityPolicy).filter((directive) => !directive.startsWith('frame-ancestors'));
    expect(meta, 'renderer/index.html has a CSP meta tag').toBeDefined();
    expect(directives(meta ?? '')).toEqual(expected);
  });
});
