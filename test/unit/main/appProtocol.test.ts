import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Session } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { contentTypeOf, createBundleHandler, registerAppScheme, serveAppProtocol } from '../../../electron/main/appProtocol.js';
import { contentSecurityPolicy } from '../../../electron/main/security.js';
import { fakeElectron, FakeSession } from './fakeElectron.js';

// Boundary mock: `protocol` needs the Electron binary (see fakeElectron.ts). The files are real.
vi.mock('electron', async () => (await import('./fakeElectron.js')).fakeElectron);

// One folder for the whole file (useTempDir would remove it after the first test).
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'enclave-app-protocol-'));
let rendererDir = '';
let handle: (request: Request) => Promise<Response>;

/** A bundle as Vite writes it, beside files it must never serve: main's code and a secret. */
beforeAll(() => {
  rendererDir = path.join(root, 'out', 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Enclave</title>');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'index-abc.css'), 'body{}');
  fs.writeFileSync(path.join(rendererDir, 'assets', 'a file.svg'), '<svg/>');
  fs.mkdirSync(path.join(root, 'out', 'main'));
  fs.writeFileSync(path.join(root, 'out', 'main', 'index.js'), 'main');
  fs.writeFileSync(path.join(root, 'secret.txt'), 'secret');
  fs.mkdirSync(path.join(root, 'out', 'renderer-evil'));
  fs.writeFileSync(path.join(root, 'out', 'renderer-evil', 'index.html'), 'evil');
  // Links inside the bundle: one leads out of it (refused), one stays in (served).
  fs.symlinkSync(path.join(root, 'secret.txt'), path.join(rendererDir, 'assets', 'leak.js'));
  fs.symlinkSync(path.join(root, 'out', 'main'), path.join(rendererDir, 'main-link'));
  fs.symlinkSync(path.join(rendererDir, 'index.html'), path.join(rendererDir, 'assets', 'home.html'));
  handle = createBundleHandler(rendererDir);
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function get(url: string, method = 'GET'): Promise<Response> {
  return handle(new Request(url, { method }));
}

describe('the app:// protocol', () => {
  it('is registered as a standard, secure scheme before ready, and handled on the session', () => {
    registerAppScheme();
    expect(fakeElectron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    const session = new FakeSession();
    serveAppProtocol(session as unknown as Session, rendererDir);
    expect(session.protocolHandlers.has('app')).toBe(true);
  });

  it('serves index.html and the assets with their content type, the production CSP and nosniff', async () => {
    const page = await get('app://enclave/index.html');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Enclave</title>');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');

    const script = await get('app://enclave/assets/index-abc.js?v=1#x');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    expect((await get('app://enclave/assets/index-abc.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get('app://enclave/assets/a%20file.svg')).headers.get('content-type')).toBe('image/svg+xml');
    // A link that stays inside the bundle is followed.
    expect(await (await get('app://enclave/assets/home.html')).text()).toContain('Enclave');
    // HEAD: the headers without the body.
    const head = await get('app://enclave/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it.each([
    ['a parent segment', 'app://enclave/../main/index.js'],
    ['an encoded parent segment', 'app://enclave/%2e%2e/main/index.js'],
    ['a mixed-case encoded parent segment', 'app://enclave/assets/%2E%2e/%2e%2E/secret.txt'],
    ['an encoded slash', 'app://enclave/..%2fmain%2findex.js'],
    ['an encoded backslash', 'app://enclave/..%5cmain%5cindex.js'],
    ['a backslash', 'app://enclave/assets\\..\\..\\secret.txt'],
    ['a double-encoded parent', 'app://enclave/%252e%252e/secret.txt'],
    ['an absolute path', 'app://enclave//etc/passwd'],
    ['an encoded absolute path', 'app://enclave/%2fetc%2fpasswd'],
    ['a drive letter', 'app://enclave/C:/Windows/win.ini'],
    ['a NUL byte', 'app://enclave/index.html%00.js'],
    ['malformed percent-encoding', 'app://enclave/%E0%A4%A'],
    ['a sibling folder with the same prefix', 'app://enclave/../renderer-evil/index.html'],
    ['a symlink to a file outside', 'app://enclave/assets/leak.js'],
    ['a symlink to a folder outside', 'app://enclave/main-link/index.js'],
    ['a folder', 'app://enclave/assets'],
    ['the root', 'app://enclave/'],
    ['a missing file', 'app://enclave/missing.js'],
    ['another host', 'app://other/index.html'],
    ['another scheme', 'file:///etc/passwd'],
  ])('refuses %s with a bare 404: %s', async (_what, url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('');
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await get('app://enclave/index.html', 'POST')).status).toBe(405);
  });

  it('types only what the bundle holds; anything else is bytes no page can run', () => {
    expect(contentTypeOf('x.MJS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('x.woff2')).toBe('font/woff2');
    expect(contentTypeOf('x.wasm')).toBe('application/wasm');
    expect(contentTypeOf('x.exe')).toBe('application/octet-stream');
    expect(contentTypeOf('noextension')).toBe('application/octet-stream');
  });
});
